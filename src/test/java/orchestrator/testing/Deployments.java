package orchestrator.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR that `mvn package` built, deployed unchanged. */
public final class Deployments {
  private Deployments() {}

  public static WebArchive war() {
    File war =
        new File(System.getProperty("orchestrator.war", "target/distribution-orchestrator.war"));
    return ShrinkWrap.create(ZipImporter.class, "distribution-orchestrator.war")
        .importFrom(war)
        .as(WebArchive.class);
  }
}
