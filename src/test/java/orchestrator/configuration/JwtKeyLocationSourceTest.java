package orchestrator.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtKeyLocationSourceTest {

  @Test
  void absolutePathBecomesItsFileUrl() {
    assertEquals("file:///tmp/k.pem", JwtKeyLocationSource.asUrl("/tmp/k.pem"));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertEquals("file:///tmp/k.pem", JwtKeyLocationSource.asUrl("  /tmp/k.pem \n"));
  }

  @Test
  void relativePathBecomesTheFileUrlOfItsAbsoluteForm() {
    String url = JwtKeyLocationSource.asUrl("keys/k.pem");

    String workingDirectory = Path.of(System.getProperty("user.dir")).toUri().toString();
    assertEquals(workingDirectory + "keys/k.pem", url);
    assertTrue(url.startsWith("file:///"), url);
  }

  @Test
  void valuesThatAreAlreadyUrlsAreLeftAlone() {
    assertNull(JwtKeyLocationSource.asUrl("file:///x.pem"));
    assertNull(JwtKeyLocationSource.asUrl("file:/x.pem"));
    assertNull(JwtKeyLocationSource.asUrl("https://idp.example/keys.pem"));
    assertNull(JwtKeyLocationSource.asUrl("classpath:key.pem"));
  }

  @Test
  void absentOrBlankLocationGivesNothing() {
    assertNull(JwtKeyLocationSource.asUrl(null));
    assertNull(JwtKeyLocationSource.asUrl(""));
    assertNull(JwtKeyLocationSource.asUrl("   "));
  }

  @Test
  void ordinalIsAboveSystemProperties() {
    assertTrue(new JwtKeyLocationSource().getOrdinal() > 400);
  }

  @Test
  void pathGivenAsSystemPropertyIsOfferedAsItsFileUrl() {
    String previous = System.getProperty(JwtKeyLocationSource.KEY);
    System.setProperty(JwtKeyLocationSource.KEY, "/tmp/k.pem");
    try {
      JwtKeyLocationSource source = new JwtKeyLocationSource();

      assertEquals(Set.of(JwtKeyLocationSource.KEY), source.getPropertyNames());
      assertEquals("file:///tmp/k.pem", source.getValue(JwtKeyLocationSource.KEY));
    } finally {
      if (previous == null) System.clearProperty(JwtKeyLocationSource.KEY);
      else System.setProperty(JwtKeyLocationSource.KEY, previous);
    }
  }

  @Test
  void urlGivenAsSystemPropertyIsNotOfferedAgain() {
    String previous = System.getProperty(JwtKeyLocationSource.KEY);
    System.setProperty(JwtKeyLocationSource.KEY, "https://idp.example/keys.pem");
    try {
      JwtKeyLocationSource source = new JwtKeyLocationSource();

      assertTrue(source.getPropertyNames().isEmpty());
      assertNull(source.getValue(JwtKeyLocationSource.KEY));
    } finally {
      if (previous == null) System.clearProperty(JwtKeyLocationSource.KEY);
      else System.setProperty(JwtKeyLocationSource.KEY, previous);
    }
  }
}
