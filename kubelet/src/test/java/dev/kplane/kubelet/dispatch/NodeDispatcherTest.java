package dev.kplane.kubelet.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.KplaneSerdes;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeDispatcherTest {
  private final Topics topics = new Topics("kplane");
  private final List<String> ensured = new ArrayList<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, ObjectEvent> pods;
  private TestInputTopic<String, ObjectEvent> configMaps;
  private TestInputTopic<String, ObjectEvent> secrets;

  @BeforeEach
  void setUp() {
    StreamsBuilder builder = new StreamsBuilder();
    NodeDispatcher.build(builder, topics, ensured::add);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "kplane-dispatcher");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(builder.build(), p);
    pods = input("pods");
    configMaps = input("configmaps");
    secrets = input("secrets");
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void shouldRouteBoundPodsWithTheResourceVersionOfThePodsTopic() {
    pods.pipeInput("default/web", event(pod("web", null, "")));
    pods.pipeInput("default/web", event(pod("web", "n1", "")));

    List<TestRecord<String, ObjectEvent>> out = node("n1").readRecordsToList();
    assertEquals(1, out.size());
    assertEquals("default/web", out.get(0).key());
    assertEquals("2", Json.parse(out.get(0).value().getObject()).path("metadata").path("resourceVersion").asText(),
        "the second record of the pods topic has resourceVersion 2");
    assertEquals("n1", new String(out.get(0).headers().lastHeader(NodeDispatcher.NODE_HEADER).value()));
    assertTrue(ensured.contains("kplane.node.n1"));
  }

  @Test
  void shouldSendReferencedObjectsBeforeThePodAndResendThemWhenTheyChange() {
    configMaps.pipeInput("default/settings", event(configMap("settings", "a")));
    configMaps.pipeInput("default/unused", event(configMap("unused", "a")));
    secrets.pipeInput("default/token", event(secret("token")));
    pods.pipeInput("default/web", event(pod("web", "n1",
        ",\"volumes\":[{\"name\":\"v\",\"configMap\":{\"name\":\"settings\"}}]",
        "\"env\":[{\"name\":\"T\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"token\",\"key\":\"t\"}}}]")));

    TestOutputTopic<String, ObjectEvent> n1 = node("n1");
    assertEquals(List.of("configmaps/default/settings", "secrets/default/token", "default/web"), keys(n1.readRecordsToList()));

    configMaps.pipeInput("default/settings", event(configMap("settings", "b")));
    configMaps.pipeInput("default/unused", event(configMap("unused", "b")));
    List<TestRecord<String, ObjectEvent>> changed = n1.readRecordsToList();
    assertEquals(List.of("configmaps/default/settings"), keys(changed));
    var cm = Json.parse(changed.get(0).value().getObject());
    assertEquals("b", cm.path("data").path("k").asText());
    assertEquals("3", cm.path("metadata").path("resourceVersion").asText(), "the configmaps topic's third record");

    pods.pipeInput("default/web", event(pod("web", "n1",
        ",\"volumes\":[{\"name\":\"v\",\"configMap\":{\"name\":\"settings\"}}]",
        "\"env\":[{\"name\":\"T\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"token\",\"key\":\"t\"}}}]")));
    assertEquals(List.of("default/web"), keys(n1.readRecordsToList()), "held objects are not sent again");
  }

  @Test
  void shouldSendAnObjectCreatedAfterItsPodAndTombstoneItWhenDeleted() {
    pods.pipeInput("default/web", event(pod("web", "n1", "", "\"envFrom\":[{\"configMapRef\":{\"name\":\"late\"}}]")));
    TestOutputTopic<String, ObjectEvent> n1 = node("n1");
    assertEquals(List.of("default/web"), keys(n1.readRecordsToList()));

    configMaps.pipeInput("default/late", event(configMap("late", "a")));
    assertEquals(List.of("configmaps/default/late"), keys(n1.readRecordsToList()));

    configMaps.pipeInput("default/late", (ObjectEvent) null);
    var tomb = n1.readRecordsToList();
    assertEquals(List.of("configmaps/default/late"), keys(tomb));
    assertNull(tomb.get(0).value());
  }

  @Test
  void shouldTombstoneADeletedPodAndAnObjectItsNodeNoLongerNeeds() {
    String volume = ",\"volumes\":[{\"name\":\"v\",\"projected\":{\"sources\":[{\"configMap\":{\"name\":\"shared\"}}]}}]";
    configMaps.pipeInput("default/shared", event(configMap("shared", "a")));
    pods.pipeInput("default/a", event(pod("a", "n1", volume)));
    pods.pipeInput("default/b", event(pod("b", "n1", volume)));
    TestOutputTopic<String, ObjectEvent> n1 = node("n1");
    assertEquals(List.of("configmaps/default/shared", "default/a", "default/b"), keys(n1.readRecordsToList()));

    pods.pipeInput("default/a", (ObjectEvent) null);
    var afterA = n1.readRecordsToList();
    assertEquals(List.of("default/a"), keys(afterA));
    assertNull(afterA.get(0).value());

    pods.pipeInput("default/b", (ObjectEvent) null);
    var afterB = n1.readRecordsToList();
    assertEquals(List.of("default/b", "configmaps/default/shared"), keys(afterB));
    assertTrue(afterB.stream().allMatch(r -> r.value() == null));

    configMaps.pipeInput("default/shared", event(configMap("shared", "b")));
    assertTrue(n1.isEmpty(), "no node holds it any more");
  }

  @Test
  void shouldMoveAPodAwayFromItsOldNode() {
    String volume = ",\"volumes\":[{\"name\":\"v\",\"secret\":{\"secretName\":\"token\"}}]";
    secrets.pipeInput("default/token", event(secret("token")));
    pods.pipeInput("default/web", event(pod("web", "n1", volume)));
    TestOutputTopic<String, ObjectEvent> n1 = node("n1");
    TestOutputTopic<String, ObjectEvent> n2 = node("n2");
    n1.readRecordsToList();

    pods.pipeInput("default/web", event(pod("web", "n2", volume)));
    var left = n1.readRecordsToList();
    assertEquals(List.of("default/web", "secrets/default/token"), keys(left));
    assertTrue(left.stream().allMatch(r -> r.value() == null));
    assertEquals(List.of("secrets/default/token", "default/web"), keys(n2.readRecordsToList()));

    secrets.pipeInput("default/token", event(secret("token")));
    assertTrue(n1.isEmpty());
    assertEquals(List.of("secrets/default/token"), keys(n2.readRecordsToList()));
  }

  @Test
  void shouldDropAReferenceAPodNoLongerMakes() {
    configMaps.pipeInput("default/one", event(configMap("one", "a")));
    pods.pipeInput("default/web", event(pod("web", "n1", ",\"volumes\":[{\"name\":\"v\",\"configMap\":{\"name\":\"one\"}}]")));
    TestOutputTopic<String, ObjectEvent> n1 = node("n1");
    n1.readRecordsToList();

    pods.pipeInput("default/web", event(pod("web", "n1", "")));
    var out = n1.readRecordsToList();
    assertEquals(List.of("configmaps/default/one", "default/web"), keys(out));
    assertNull(out.get(0).value());
  }

  @Test
  void shouldSkipAPodItCannotDecodeAndGoOn() {
    pods.pipeInput("default/bad", event("{\"metadata\":{\"name\":\"bad\"},\"spec\":{\"nodeName\":\"n1\",\"containers\":\"x\"}}"));
    pods.pipeInput("default/web", event(pod("web", "n1", "")));
    assertEquals(List.of("default/web"), keys(node("n1").readRecordsToList()));
  }

  private TestInputTopic<String, ObjectEvent> input(String resource) {
    return driver.createInputTopic(topics.resource(BuiltinResources.find("", resource).orElseThrow()),
        Serdes.String().serializer(), KplaneSerdes.objectEvent().serializer());
  }

  private TestOutputTopic<String, ObjectEvent> node(String name) {
    return driver.createOutputTopic(topics.node(name), Serdes.String().deserializer(),
        KplaneSerdes.objectEvent().deserializer());
  }

  private static List<String> keys(List<TestRecord<String, ObjectEvent>> records) {
    return records.stream().map(TestRecord::key).toList();
  }

  static ObjectEvent event(String json) {
    return new ObjectEvent(EventType.ADDED, "uid", "admin", "req", Instant.EPOCH, json);
  }

  /**
   * A pod; containerFields go into its one container, specTail is appended to the spec. The container has
   * resources: fabric8's Quantity once broke the dispatcher's strict decoding.
   */
  static String pod(String name, String node, String specTail, String... containerFields) {
    String container = "{\"name\":\"c\",\"image\":\"busybox\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}"
        + (containerFields.length == 0 ? "" : "," + containerFields[0]) + "}";
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},"
        + "\"spec\":{" + (node == null ? "" : "\"nodeName\":\"" + node + "\",") + "\"containers\":[" + container + "]"
        + specTail + "}}";
  }

  static String configMap(String name, String value) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"default\"},\"data\":{\"k\":\"" + value + "\"}}";
  }

  static String secret(String name) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"default\"},\"data\":{\"t\":\"eA==\"}}";
  }
}
