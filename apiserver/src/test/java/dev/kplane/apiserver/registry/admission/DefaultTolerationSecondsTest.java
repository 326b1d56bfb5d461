package dev.kplane.apiserver.registry.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

class DefaultTolerationSecondsTest {
  static ObjectNode pod(String tolerations) {
    return (ObjectNode) Json.parse("{\"spec\":{\"tolerations\":" + tolerations + "}}");
  }

  @Test
  void shouldAddBothTolerationsToAPodWithoutThem() {
    ObjectNode p = pod("[{\"key\":\"other\",\"operator\":\"Exists\"}]");
    DefaultTolerationSeconds.addDefaults(p);
    assertEquals("[{\"key\":\"other\",\"operator\":\"Exists\"},"
        + "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},"
        + "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]",
        p.path("spec").path("tolerations").toString());
  }

  @Test
  void shouldKeepTheTolerationsAPodAlreadyHas() {
    ObjectNode p = pod("[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
        + "\"tolerationSeconds\":5}]");
    DefaultTolerationSeconds.addDefaults(p);
    assertEquals(2, p.path("spec").path("tolerations").size());
    assertEquals(5, p.path("spec").path("tolerations").get(0).path("tolerationSeconds").asInt());
    ObjectNode all = pod("[{\"operator\":\"Exists\"}]");
    DefaultTolerationSeconds.addDefaults(all);
    assertEquals(1, all.path("spec").path("tolerations").size());
    ObjectNode noSchedule = pod("[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]");
    DefaultTolerationSeconds.addDefaults(noSchedule);
    assertEquals(3, noSchedule.path("spec").path("tolerations").size());
  }
}
