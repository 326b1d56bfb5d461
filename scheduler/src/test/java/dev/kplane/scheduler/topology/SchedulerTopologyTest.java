package dev.kplane.scheduler.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.KplaneSerdes;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTopologyTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final Topics topics = new Topics("t");
  private Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> pods;
  private TestInputTopic<String, byte[]> nodes;
  private TestInputTopic<String, byte[]> replies;
  private TestOutputTopic<String, Request> requests;
  private final Map<String, String> uids = new HashMap<>();
  private final Map<String, Long> podRvs = new HashMap<>();
  private long podOffset;

  @BeforeEach
  void start() throws Exception {
    stateDir = Files.createTempDirectory("scheduler-ttd");
    driver = newDriver();
  }

  private TopologyTestDriver newDriver() {
    return newDriver(Profiles.defaults());
  }

  private TopologyTestDriver newDriver(Profiles profiles) {
    StreamsBuilder b = new StreamsBuilder();
    SchedulerTopology.build(b, topics, profiles);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "t-scheduler");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    TopologyTestDriver d = new TopologyTestDriver(b.build(), p, START);
    pods = d.createInputTopic(SchedulerTopology.podsTopic(topics), new StringSerializer(), new ByteArraySerializer());
    nodes = d.createInputTopic(SchedulerTopology.nodesTopic(topics), new StringSerializer(), new ByteArraySerializer());
    replies = d.createInputTopic(topics.replies(), new StringSerializer(), new ByteArraySerializer());
    requests = d.createOutputTopic(topics.requests(), new StringDeserializer(), KplaneSerdes.request().deserializer());
    return d;
  }

  @AfterEach
  void stop() {
    driver.close();
    dev.kplane.testkit.Dirs.delete(stateDir);
  }

  @Test
  void shouldBindPodToTheNodeThatFitsWithItsResourceVersionAsPrecondition() {
    node("small", "1", "4Gi", Map.of());
    node("big", "4", "16Gi", Map.of());
    pod("web", "2", 0, null);
    tick();
    List<Request> out = drain();
    assertEquals(1, out.size(), out.toString());
    Request binding = out.get(0);
    assertEquals("create", binding.getVerb());
    assertEquals("/api/v1/namespaces/default/pods/web/binding", binding.getPath());
    JsonNode body = Json.parse(binding.getBody());
    assertEquals("big", body.path("target").path("name").asText());
    assertEquals(Long.toString(podRvs.get("web")), body.path("metadata").path("resourceVersion").asText());
    assertEquals(uids.get("web"), body.path("metadata").path("uid").asText());
    assertEquals("system:kube-scheduler", binding.getPrincipal());
    assertEquals(0, binding.getReplyPartition());
  }

  @Test
  void shouldCountAssumedPodsSoTheNextPodGoesElsewhere() {
    node("a", "4", "16Gi", Map.of());
    node("b", "4", "16Gi", Map.of());
    pod("one", "3", 0, null);
    pod("two", "3", 0, null);
    tick();
    List<Request> out = drain();
    assertEquals(2, out.size(), out.toString());
    assertTrue(!target(out.get(0)).equals(target(out.get(1))), "both pods went to " + target(out.get(0)));
  }

  @Test
  void shouldReportUnschedulableWithKubesMessageThenBindWhenABiggerNodeJoins() {
    node("small", "1", "4Gi", Map.of());
    pod("huge", "3", 0, null);
    tick();
    List<Request> out = drain();
    Request status = only(out, "patch");
    assertEquals("/api/v1/namespaces/default/pods/huge/status", status.getPath());
    JsonNode condition = Json.parse(status.getBody()).path("status").path("conditions").get(0);
    assertEquals("PodScheduled", condition.path("type").asText());
    assertEquals("False", condition.path("status").asText());
    assertEquals("Unschedulable", condition.path("reason").asText());
    assertTrue(condition.path("message").asText().startsWith("0/1 nodes are available: 1 Insufficient cpu."),
        condition.path("message").asText());
    Request event = only(out, "create");
    assertEquals("/api/v1/namespaces/default/events", event.getPath());
    JsonNode e = Json.parse(event.getBody());
    assertEquals("FailedScheduling", e.path("reason").asText());
    assertEquals("Warning", e.path("type").asText());
    assertEquals(condition.path("message").asText(), e.path("message").asText());
    assertEquals("huge", e.path("involvedObject").path("name").asText());
    assertTrue(e.path("metadata").path("name").asText().startsWith("huge."));

    tick();
    assertTrue(drain().isEmpty(), "an unschedulable pod waits for an event");
    node("large", "8", "32Gi", Map.of());
    driver.advanceWallClockTime(Duration.ofSeconds(2)); // past the pod's back-off
    out = drain();
    assertEquals("large", target(only(out, "create")));
  }

  @Test
  void shouldPreemptALowerPriorityPodAndBindOnceItIsGone() {
    node("n1", "4", "16Gi", Map.of());
    pod("low", "3", 0, "n1");
    pod("high", "2", 1000, null);
    tick();
    List<Request> out = drain();
    Request delete = only(out, "delete");
    assertEquals("/api/v1/namespaces/default/pods/low", delete.getPath());
    assertEquals(uids.get("low"), Json.parse(delete.getBody()).path("preconditions").path("uid").asText());
    boolean nominated = out.stream().filter(r -> r.getVerb().equals("patch") && r.getPath().endsWith("/high/status"))
        .anyMatch(r -> Json.parse(r.getBody()).path("status").path("nominatedNodeName").asText().equals("n1"));
    assertTrue(nominated, out.toString());
    assertTrue(out.stream().noneMatch(r -> r.getPath().endsWith("/binding")), out.toString());

    deletePod("low");
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    out = drain();
    Request binding = out.stream().filter(r -> r.getPath().endsWith("/binding")).findFirst().orElseThrow();
    assertEquals("n1", target(binding));
  }

  @Test
  void shouldKeepTheNodePreemptionFreedForTheNominatedPodAgainstLowerPriorityOnes() {
    node("n1", "4", "16Gi", Map.of());
    pod("low", "3", 0, "n1");
    pod("high", "2", 1000, null);
    tick();
    assertEquals(1, drain().stream().filter(r -> r.getVerb().equals("delete")).count());

    deletePod("low"); // high waits out its back-off; small arrives meanwhile and would fit in the freed space
    pod("small", "3", 0, null);
    tick();
    List<Request> out = drain();
    assertTrue(out.stream().noneMatch(r -> r.getPath().endsWith("/binding")), out.toString());
    Request status = out.stream().filter(r -> r.getPath().endsWith("/small/status")).findFirst().orElseThrow();
    assertTrue(Json.parse(status.getBody()).toString().contains("Insufficient cpu"), status.getBody());

    driver.advanceWallClockTime(Duration.ofSeconds(2));
    out = drain();
    List<Request> bindings = out.stream().filter(r -> r.getPath().endsWith("/binding")).toList();
    assertEquals(1, bindings.size(), out.toString());
    assertEquals("/api/v1/namespaces/default/pods/high/binding", bindings.get(0).getPath());
    assertEquals("n1", target(bindings.get(0)));
  }

  @Test
  void shouldRetryARefusedBindingAfterItsBackoff() {
    node("a", "4", "16Gi", Map.of());
    pod("web", "1", 0, null);
    tick();
    Request binding = only(drain(), "create");
    reply(binding, 409);
    tick();
    assertTrue(drain().isEmpty(), "the retry waits for its back-off");
    driver.advanceWallClockTime(Duration.ofMillis(1100));
    Request again = only(drain(), "create");
    assertEquals("a", target(again));
    assertTrue(!again.getRequestId().equals(binding.getRequestId()));
  }

  @Test
  void shouldGiveUpAnUnansweredBindingOnlyOnceLaterRequestsWereAnswered() {
    node("a", "4", "16Gi", Map.of());
    pod("answered", "1", 0, null);
    pod("lost", "1", 0, null);
    tick();
    List<Request> out = drain();
    assertEquals(2, out.size(), out.toString());
    Request answered = out.stream().filter(r -> r.getPath().contains("/answered/")).findFirst().orElseThrow();
    reply(answered, 201);
    driver.advanceWallClockTime(InFlight.BIND_TIMEOUT.plusSeconds(2));
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    assertTrue(drain().isEmpty(), "a door that is behind is waited for");

    pod("later", "1", 0, null);
    tick();
    reply(only(drain(), "create"), 201);
    driver.advanceWallClockTime(Duration.ofMillis(1100)); // the expiry check, then the given-up pod's back-off
    driver.advanceWallClockTime(Duration.ofMillis(1100));
    out = drain();
    assertEquals(1, out.size(), out.toString());
    assertEquals("/api/v1/namespaces/default/pods/lost/binding", out.get(0).getPath());
  }

  @Test
  void shouldDropAStaleBindingWhenTheSamePodChangesAndBindWithTheNewVersion() {
    node("a", "4", "16Gi", Map.of());
    pod("web", "1", 0, null);
    tick();
    only(drain(), "create");
    pod("web", "1", 0, null); // e.g. a label change: the in-flight binding's precondition is stale
    driver.advanceWallClockTime(Duration.ofMillis(1100));
    Request again = only(drain(), "create");
    assertEquals(Long.toString(podRvs.get("web")),
        Json.parse(again.getBody()).path("metadata").path("resourceVersion").asText());
  }

  @Test
  void shouldKeepItsStateAcrossARestart() {
    node("a", "4", "16Gi", Map.of());
    pod("first", "3", 0, null);
    tick();
    only(drain(), "create");
    driver.close();
    driver = newDriver(); // same state dir: the stores are reopened
    pod("second", "3", 0, null);
    tick();
    List<Request> out = drain();
    assertTrue(out.stream().noneMatch(r -> r.getPath().endsWith("/binding")), "the assumed pod still counts: " + out);
    assertNotNull(only(out, "patch"));
  }

  @Test
  void shouldScheduleThePodsOfEveryConfiguredProfileAndNoOthers() throws Exception {
    Path config = Files.writeString(stateDir.resolve("config.yaml"), String.join("\n",
        "apiVersion: kubescheduler.config.k8s.io/v1",
        "kind: KubeSchedulerConfiguration",
        "podInitialBackoffSeconds: 2",
        "profiles:",
        "- schedulerName: default-scheduler",
        "- schedulerName: bin-packer",
        ""));
    Profiles profiles = Profiles.load(config);
    assertEquals(java.util.Set.of("default-scheduler", "bin-packer"), profiles.byName().keySet());
    assertEquals(Duration.ofSeconds(2), profiles.backoff().initial());
    driver.close();
    driver = newDriver(profiles);
    node("a", "4", "16Gi", Map.of());
    pod("mine", "1", 0, null, "bin-packer");
    pod("theirs", "1", 0, null, "someone-else");
    tick();
    List<Request> out = drain();
    assertEquals(1, out.size(), out.toString());
    assertEquals("/api/v1/namespaces/default/pods/mine/binding", out.get(0).getPath());
  }

  // ---- helpers ----

  private void tick() {
    driver.advanceWallClockTime(SchedulerProcessor.TICK);
  }

  private List<Request> drain() {
    return new ArrayList<>(requests.readValuesToList());
  }

  private static Request only(List<Request> out, String verb) {
    List<Request> matching = out.stream().filter(r -> r.getVerb().equals(verb)).toList();
    assertEquals(1, matching.size(), verb + " in " + out);
    return matching.get(0);
  }

  private static String target(Request binding) {
    return Json.parse(binding.getBody()).path("target").path("name").asText();
  }

  private void reply(Request request, int code) {
    Reply r = Reply.newBuilder().setRequestId(request.getRequestId()).setOutcome(Outcome.CONFLICT).setCode(code)
        .setBody("{\"kind\":\"Status\",\"code\":" + code + "}").build();
    replies.pipeInput(request.getRequestId(), Records.bytes(r));
  }

  private void node(String name, String cpu, String memory, Map<String, String> labels) {
    ObjectNode n = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
    n.putObject("metadata").put("name", name).put("uid", uid(name)).set("labels", Json.MAPPER.valueToTree(labels));
    ObjectNode alloc = n.putObject("status").putObject("allocatable");
    alloc.put("cpu", cpu).put("memory", memory).put("pods", "110");
    n.with("status").set("capacity", alloc.deepCopy());
    nodes.pipeInput(name, event(n));
  }

  private void pod(String name, String cpu, int priority, String nodeName) {
    pod(name, cpu, priority, nodeName, "default-scheduler");
  }

  private void pod(String name, String cpu, int priority, String nodeName, String schedulerName) {
    ObjectNode p = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    p.putObject("metadata").put("name", name).put("namespace", "default").put("uid", uid(name))
        .put("creationTimestamp", START.toString());
    ObjectNode spec = p.putObject("spec").put("schedulerName", schedulerName).put("priority", priority);
    if (nodeName != null) {
      spec.put("nodeName", nodeName);
    }
    spec.putArray("containers").addObject().put("name", "c").put("image", "busybox")
        .putObject("resources").putObject("requests").put("cpu", cpu);
    p.putObject("status").put("phase", "Pending");
    pods.pipeInput("default/" + name, event(p));
    podRvs.put(name, ++podOffset);
  }

  private void deletePod(String name) {
    ObjectNode p = Json.MAPPER.createObjectNode();
    p.putObject("metadata").put("name", name).put("namespace", "default").put("uid", uid(name));
    ObjectEvent deleted = ObjectEvent.newBuilder(Records.objectEvent(event(p))).setType(EventType.DELETED).build();
    RecordHeaders headers = new RecordHeaders();
    headers.add(Records.EVENT_HEADER, Records.bytes(deleted));
    pods.pipeInput(new TestRecord<>("default/" + name, null, headers, START));
    ++podOffset;
  }

  private String uid(String name) {
    return uids.computeIfAbsent(name, n -> UUID.randomUUID().toString());
  }

  private static byte[] event(ObjectNode obj) {
    return Records.bytes(ObjectEvent.newBuilder().setType(EventType.ADDED)
        .setUid(obj.path("metadata").path("uid").asText()).setPrincipal("test").setRequestId("r")
        .setTime(START).setObject(Json.write(obj)).build());
  }
}
