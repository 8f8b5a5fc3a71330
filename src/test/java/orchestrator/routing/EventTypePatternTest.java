package orchestrator.routing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventTypePatternTest {

  @Test
  void literalPatternMatchesOnlyTheSameText() {
    assertTrue(EventTypePattern.matches("federated.events", "federated.events"));
    assertFalse(EventTypePattern.matches("federated.events", "federated.event"));
    assertFalse(EventTypePattern.matches("federated.events", "Federated.events"));
  }

  @Test
  void literalPatternDoesNotMatchALongerEventType() {
    assertFalse(EventTypePattern.matches("federated.events", "federated.events.x"));
    assertFalse(EventTypePattern.matches("federated.events", "x.federated.events"));
  }

  @Test
  void loneStarMatchesEverythingIncludingTheEmptyType() {
    assertTrue(EventTypePattern.matches("*", "order.created"));
    assertTrue(EventTypePattern.matches("*", "a"));
    assertTrue(EventTypePattern.matches("*", ""));
  }

  @Test
  void starMatchesAnyRunOfCharacters() {
    assertTrue(EventTypePattern.matches("order.*", "order.created"));
    assertTrue(EventTypePattern.matches("order.*", "order.created.v2"));
    assertTrue(EventTypePattern.matches("*.created", "order.created"));
    assertTrue(EventTypePattern.matches("*.created", "shop.order.created"));
    assertFalse(EventTypePattern.matches("order.*", "invoice.created"));
    assertFalse(EventTypePattern.matches("*.created", "order.created.v2"));
  }

  @Test
  void starMatchesTheEmptyRun() {
    assertTrue(EventTypePattern.matches("order.*", "order."));
    assertTrue(EventTypePattern.matches("order*", "order"));
    assertTrue(EventTypePattern.matches("*order", "order"));
    assertTrue(EventTypePattern.matches("a*b", "ab"));
  }

  @Test
  void starsAroundLettersMatchInOrder() {
    assertTrue(EventTypePattern.matches("a*b*c", "abc"));
    assertTrue(EventTypePattern.matches("a*b*c", "aXXbYYc"));
    assertTrue(EventTypePattern.matches("a*b*c", "abbbc"));
    assertTrue(EventTypePattern.matches("a*b*c", "acbc"));
    assertFalse(EventTypePattern.matches("a*b*c", "acb"));
    assertFalse(EventTypePattern.matches("a*b*c", "ac"));
    assertFalse(EventTypePattern.matches("a*b*c", "abcd"));
    assertFalse(EventTypePattern.matches("a*b*c", "xabc"));
  }

  @Test
  void severalStarsMatchAcrossSegments() {
    assertTrue(EventTypePattern.matches("*.order.*", "shop.order.created"));
    assertTrue(EventTypePattern.matches("*.order.*", "eu.shop.order.created.v2"));
    assertFalse(EventTypePattern.matches("*.order.*", "order.created"));
    assertTrue(EventTypePattern.matches("**", "anything"));
    assertTrue(EventTypePattern.matches("a**b", "ab"));
    assertTrue(EventTypePattern.matches("*a*", "banana"));
    assertFalse(EventTypePattern.matches("*a*", "berry"));
  }

  @Test
  void backtrackingFindsALaterOccurrence() {
    assertTrue(EventTypePattern.matches("*ab", "aab"));
    assertTrue(EventTypePattern.matches("*.x", "a.b.x"));
    assertTrue(EventTypePattern.matches("a*aa", "aaaa"));
    assertFalse(EventTypePattern.matches("a*aa", "aa"));
  }

  @Test
  void dotIsLiteralNotARegexWildcard() {
    assertFalse(EventTypePattern.matches("order.created", "orderXcreated"));
    assertFalse(EventTypePattern.matches("a.c", "abc"));
  }

  @Test
  void otherRegexCharactersAreLiteral() {
    assertFalse(EventTypePattern.matches("a+", "aa"));
    assertTrue(EventTypePattern.matches("a+", "a+"));
    assertFalse(EventTypePattern.matches("[ab]", "a"));
    assertFalse(EventTypePattern.matches("a?", "a"));
    assertFalse(EventTypePattern.matches(".*", "abc"));
    assertTrue(EventTypePattern.matches(".*", ".abc"));
  }

  @Test
  void emptyPatternMatchesOnlyTheEmptyType() {
    assertTrue(EventTypePattern.matches("", ""));
    assertFalse(EventTypePattern.matches("", "a"));
  }

  @Test
  void patternLongerThanTheTypeDoesNotMatch() {
    assertFalse(EventTypePattern.matches("order.created", "order"));
    assertFalse(EventTypePattern.matches("order*x", "order"));
  }
}
