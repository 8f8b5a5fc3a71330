package orchestrator.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import orchestrator.routing.Router.NoNode;
import orchestrator.routing.Router.Route;
import orchestrator.routing.Router.To;
import orchestrator.routing.Router.UnknownDestinations;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static Candidate enabled(String id, String... patterns) {
    return new Candidate(id, true, List.of(patterns), false);
  }

  private static Candidate disabled(String id, String... patterns) {
    return new Candidate(id, false, List.of(patterns), false);
  }

  private static List<String> targets(Route route) {
    return assertInstanceOf(To.class, route).nodes();
  }

  @Test
  void routesToEveryEnabledNodeWhosePatternMatches() {
    List<Candidate> nodes =
        List.of(enabled("billing", "order.*"), enabled("audit", "*"), enabled("stock", "stock.*"));

    Route route = Router.route(nodes, "order.created", "shop", null);

    assertEquals(List.of("billing", "audit"), targets(route));
  }

  @Test
  void aNodeMatchesWhenAnyOfItsPatternsMatches() {
    List<Candidate> nodes = List.of(enabled("billing", "invoice.*", "order.paid"));

    assertEquals(List.of("billing"), targets(Router.route(nodes, "order.paid", "shop", null)));
    assertEquals(List.of("billing"), targets(Router.route(nodes, "invoice.sent", "shop", null)));
    assertInstanceOf(NoNode.class, Router.route(nodes, "order.created", "shop", null));
  }

  @Test
  void disabledNodesReceiveNothingByPattern() {
    List<Candidate> nodes = List.of(disabled("billing", "*"), enabled("audit", "*"));

    assertEquals(List.of("audit"), targets(Router.route(nodes, "order.created", "shop", null)));
  }

  @Test
  void theProducerDoesNotReceiveItsOwnMessage() {
    List<Candidate> nodes = List.of(enabled("shop", "*"), enabled("audit", "*"));

    assertEquals(List.of("audit"), targets(Router.route(nodes, "order.created", "shop", null)));
  }

  @Test
  void aProducerThatIsNoNodeDoesNotExcludeAnyone() {
    List<Candidate> nodes = List.of(enabled("shop", "*"), enabled("audit", "*"));

    assertEquals(
        List.of("shop", "audit"), targets(Router.route(nodes, "order.created", "client-x", null)));
    assertEquals(
        List.of("shop", "audit"), targets(Router.route(nodes, "order.created", null, null)));
  }

  @Test
  void noNodeWhenNothingMatches() {
    List<Candidate> nodes = List.of(enabled("billing", "invoice.*"));

    assertInstanceOf(NoNode.class, Router.route(nodes, "order.created", "shop", null));
  }

  @Test
  void noNodeWhenTheOnlyMatchIsTheProducer() {
    assertInstanceOf(
        NoNode.class, Router.route(List.of(enabled("shop", "*")), "order.created", "shop", null));
  }

  @Test
  void noNodeWhenTheOnlyMatchIsDisabled() {
    assertInstanceOf(
        NoNode.class, Router.route(List.of(disabled("audit", "*")), "order.created", "shop", null));
  }

  @Test
  void noNodeWhenThereAreNoNodes() {
    assertInstanceOf(NoNode.class, Router.route(List.of(), "order.created", "shop", null));
  }

  @Test
  void explicitDestinationsAreDeliveredInTheGivenOrderWithoutDuplicates() {
    List<Candidate> nodes = List.of(enabled("a", "*"), enabled("b", "*"), enabled("c", "*"));

    Route route = Router.route(nodes, "order.created", "shop", List.of("c", "a", "c", "b", "a"));

    assertEquals(List.of("c", "a", "b"), targets(route));
  }

  @Test
  void explicitDestinationsIgnoreEventTypePatterns() {
    List<Candidate> nodes = List.of(enabled("billing", "invoice.*"), enabled("audit", "*"));

    assertEquals(
        List.of("billing"),
        targets(Router.route(nodes, "order.created", "shop", List.of("billing"))));
  }

  @Test
  void explicitDestinationsMayNameTheProducer() {
    List<Candidate> nodes = List.of(enabled("shop", "*"), enabled("audit", "*"));

    assertEquals(
        List.of("shop"), targets(Router.route(nodes, "order.created", "shop", List.of("shop"))));
  }

  @Test
  void unknownExplicitDestinationsAreListed() {
    List<Candidate> nodes = List.of(enabled("a", "*"));

    Route route = Router.route(nodes, "order.created", "shop", List.of("a", "ghost", "phantom"));

    assertEquals(
        List.of("ghost", "phantom"), assertInstanceOf(UnknownDestinations.class, route).ids());
  }

  @Test
  void disabledExplicitDestinationsAreListedAsUnknown() {
    List<Candidate> nodes = List.of(enabled("a", "*"), disabled("off", "*"));

    Route route = Router.route(nodes, "order.created", "shop", List.of("off", "a", "ghost"));

    assertEquals(List.of("off", "ghost"), assertInstanceOf(UnknownDestinations.class, route).ids());
  }

  @Test
  void aRepeatedUnknownDestinationIsListedOnce() {
    Route route =
        Router.route(
            List.of(enabled("a", "*")), "order.created", "shop", List.of("ghost", "ghost"));

    assertEquals(List.of("ghost"), assertInstanceOf(UnknownDestinations.class, route).ids());
  }

  @Test
  void anEmptyDestinationListRoutesNowhere() {
    assertInstanceOf(
        NoNode.class, Router.route(List.of(enabled("a", "*")), "order.created", "shop", List.of()));
  }
}
