package dev.kplane.proxy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CategorizedTest {
  static final Endpoint LOCAL = Endpoint.ready("10.0.0.1", 80, true);
  static final Endpoint REMOTE = Endpoint.ready("10.0.0.2", 80, false);
  static final Endpoint UNREADY = new Endpoint("10.0.0.3", 80, false, false, false, false);
  static final Endpoint TERMINATING = new Endpoint("10.0.0.4", 80, false, true, true, false);

  static ServicePortInfo svc(boolean internalLocal, int nodePort, boolean externalLocal, List<Endpoint> eps) {
    return new ServicePortInfo(new ServicePortName("ns", "s", "p", "tcp"), "10.96.0.1", 80, nodePort, List.of(),
        false, 0, internalLocal, externalLocal, eps);
  }

  @Test
  void shouldUseReadyEndpointsForClusterPolicy() {
    Categorized c = Categorized.of(svc(false, 0, false, List.of(LOCAL, REMOTE, UNREADY, TERMINATING)));
    assertEquals(List.of(LOCAL, REMOTE), c.cluster());
    assertEquals(List.of(), c.local());
    assertEquals(true, c.hasAny());
  }

  @Test
  void shouldFallBackToServingTerminatingEndpoints() {
    Categorized c = Categorized.of(svc(false, 0, false, List.of(UNREADY, TERMINATING)));
    assertEquals(List.of(TERMINATING), c.cluster());
  }

  @Test
  void shouldSplitLocalAndClusterForExternalLocal() {
    ServicePortInfo s = svc(false, 30000, true, List.of(LOCAL, REMOTE));
    Categorized c = Categorized.of(s);
    assertEquals(List.of(LOCAL, REMOTE), c.internal(s));
    assertEquals(List.of(LOCAL), c.external(s));
    assertEquals(List.of(LOCAL, REMOTE), c.allReachable());
  }

  @Test
  void shouldHaveNoInternalEndpointsForInternalLocalWithoutLocalOnes() {
    ServicePortInfo s = svc(true, 0, false, List.of(REMOTE));
    Categorized c = Categorized.of(s);
    assertEquals(List.of(), c.internal(s));
    assertEquals(true, c.hasAny());
  }
}
