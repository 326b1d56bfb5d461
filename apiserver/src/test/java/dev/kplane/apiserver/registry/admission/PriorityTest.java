package dev.kplane.apiserver.registry.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriorityTest {
  private static ObjectNode pc(String name, int value, boolean globalDefault, String policy) {
    ObjectNode pc = Json.MAPPER.createObjectNode().put("value", value).put("globalDefault", globalDefault);
    pc.putObject("metadata").put("name", name);
    return policy == null ? pc : pc.put("preemptionPolicy", policy);
  }

  private static final Map<String, ObjectNode> CLASSES = Map.of("high", pc("high", 1000, false, "Never"),
      "low", pc("low", -5, true, null));

  private static ObjectNode pod(String spec) {
    return (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"x\",\"namespace\":\"default\"},\"spec\":" + spec + "}");
  }

  private static ObjectNode create(ObjectNode pod, ObjectNode defaultClass) {
    Priority.resolve(pod, null, CLASSES::get, () -> defaultClass);
    return (ObjectNode) pod.get("spec");
  }

  @Test
  void aNamedClassGivesItsValueAndPolicy() {
    ObjectNode spec = create(pod("{\"priorityClassName\":\"high\"}"), null);
    assertEquals(1000, spec.get("priority").asInt());
    assertEquals("Never", spec.get("preemptionPolicy").asText());
  }

  @Test
  void withoutANameTheGlobalDefaultAppliesAndIsNamedElseZero() {
    ObjectNode def = Priority.globalDefault(List.of(CLASSES.get("high"), CLASSES.get("low"), pc("lower", -9, true, null)));
    ObjectNode spec = create(pod("{}"), def);
    assertEquals(-9, spec.get("priority").asInt());
    assertEquals("lower", spec.get("priorityClassName").asText());
    assertEquals("PreemptLowerPriority", spec.get("preemptionPolicy").asText());
    spec = create(pod("{}"), null);
    assertEquals(0, spec.get("priority").asInt());
    assertFalse(spec.has("priorityClassName"));
    assertFalse(spec.has("preemptionPolicy"));
  }

  @Test
  void anUnknownClassOrADisagreeingValueIsForbiddenWithKubesMessages() {
    ApiException e = assertThrows(ApiException.class, () -> create(pod("{\"priorityClassName\":\"foo\"}"), null));
    assertEquals(403, e.code());
    assertEquals("pods \"x\" is forbidden: no PriorityClass with name foo was found", e.status().path("message").asText());
    e = assertThrows(ApiException.class, () -> create(pod("{\"priorityClassName\":\"high\",\"priority\":7}"), null));
    assertEquals("pods \"x\" is forbidden: the integer value of priority (7) must not be provided in pod spec; "
        + "priority admission controller computed 1000 from the given PriorityClass name", e.status().path("message").asText());
    e = assertThrows(ApiException.class, () -> create(pod("{\"priorityClassName\":\"high\",\"preemptionPolicy\":"
        + "\"PreemptLowerPriority\"}"), null));
    assertEquals("pods \"x\" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be "
        + "provided in pod spec; priority admission controller computed Never from the given PriorityClass name",
        e.status().path("message").asText());
    assertEquals(1000, create(pod("{\"priorityClassName\":\"high\",\"priority\":1000}"), null).get("priority").asInt());
  }

  @Test
  void anUpdateKeepsWhatTheCreateResolved() {
    ObjectNode old = pod("{\"priorityClassName\":\"high\",\"priority\":1000,\"preemptionPolicy\":\"Never\"}");
    ObjectNode next = pod("{\"priorityClassName\":\"high\"}");
    Priority.resolve(next, old, CLASSES::get, () -> null);
    assertEquals(1000, next.path("spec").get("priority").asInt());
    assertEquals("Never", next.path("spec").get("preemptionPolicy").asText());
  }

  @Test
  void onlyOneClassMayBeTheGlobalDefault() {
    ObjectNode current = pc("low", -5, true, null);
    ApiException e = assertThrows(ApiException.class, () -> Priority.checkSingleDefault(pc("other", 1, true, null), current));
    assertEquals(403, e.code());
    assertEquals("priorityclasses.scheduling.k8s.io \"other\" is forbidden: PriorityClass low is already marked as "
        + "default. Only one default can exist", e.status().path("message").asText());
    Priority.checkSingleDefault(pc("low", -4, true, null), current);
    Priority.checkSingleDefault(pc("other", 1, false, null), current);
    Priority.checkSingleDefault(pc("other", 1, true, null), null);
  }
}
