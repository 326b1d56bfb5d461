package dev.kplane.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.testkit.SharedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Priority admission plugin and the system PriorityClasses the server creates at start. */
@ExtendWith(SharedKafka.class)
class PriorityAdmissionIT {
  private static final String PODS = "/api/v1/namespaces/default/pods";
  private static final String CLASSES = "/apis/scheduling.k8s.io/v1/priorityclasses";
  private static TestApi api;

  @BeforeAll
  static void start() throws InterruptedException {
    api = TestApi.start("prio");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String pod(String name, String extraSpec) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + extraSpec
        + (extraSpec.isEmpty() ? "" : ",") + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
  }

  private static String priorityClass(String name, int value, boolean globalDefault) {
    return "{\"apiVersion\":\"scheduling.k8s.io/v1\",\"kind\":\"PriorityClass\",\"metadata\":{\"name\":\"" + name
        + "\"},\"value\":" + value + ",\"globalDefault\":" + globalDefault + "}";
  }

  @Test
  void podsGetTheirClassValueAndUnknownOrDisagreeingOnesAreForbidden() {
    assertEquals(2000000000, api.get(CLASSES + "/system-cluster-critical").body().path("value").asInt());
    assertEquals(2000001000, api.get(CLASSES + "/system-node-critical").body().path("value").asInt());
    var critical = api.post(PODS, pod("critical", "\"priorityClassName\":\"system-node-critical\""));
    assertEquals(201, critical.code(), String.valueOf(critical.body()));
    assertEquals(2000001000, critical.body().path("spec").path("priority").asInt());
    assertEquals("PreemptLowerPriority", critical.body().path("spec").path("preemptionPolicy").asText());

    var plain = api.post(PODS, pod("plain", ""));
    assertEquals(201, plain.code(), String.valueOf(plain.body()));
    assertEquals(0, plain.body().path("spec").path("priority").asInt());

    var unknown = api.post(PODS, pod("x", "\"priorityClassName\":\"foo\""));
    assertEquals(403, unknown.code());
    assertEquals("pods \"x\" is forbidden: no PriorityClass with name foo was found",
        unknown.body().path("message").asText());
    assertEquals("Forbidden", unknown.body().path("reason").asText());

    assertEquals(201, api.post(CLASSES, priorityClass("high", 1000, false)).code());
    var high = api.post(PODS, pod("high", "\"priorityClassName\":\"high\""));
    assertEquals(201, high.code(), String.valueOf(high.body()));
    assertEquals(1000, high.body().path("spec").path("priority").asInt());
    var lying = api.post(PODS, pod("lying", "\"priorityClassName\":\"high\",\"priority\":5"));
    assertEquals(403, lying.code());
    assertEquals("pods \"lying\" is forbidden: the integer value of priority (5) must not be provided in pod spec; "
        + "priority admission controller computed 1000 from the given PriorityClass name",
        lying.body().path("message").asText());

    assertEquals(201, api.post(CLASSES, priorityClass("everyone", 7, true)).code());
    // the default class is looked up in the watch cache, as kube's lister does: wait until it is there
    long deadline = System.currentTimeMillis() + 30_000;
    while (api.get(CLASSES + "/everyone?resourceVersion=0").code() != 200) {
      assertTrue(System.currentTimeMillis() < deadline, "the class never reached the cache");
      Thread.onSpinWait();
    }
    JsonNode defaulted = api.post(PODS, pod("defaulted", "")).body();
    assertEquals(7, defaulted.path("spec").path("priority").asInt(), defaulted.toString());
    assertEquals("everyone", defaulted.path("spec").path("priorityClassName").asText());
    var second = api.post(CLASSES, priorityClass("second", 8, true));
    assertEquals(403, second.code());
    assertEquals("priorityclasses.scheduling.k8s.io \"second\" is forbidden: PriorityClass everyone is already "
        + "marked as default. Only one default can exist", second.body().path("message").asText());
  }
}
