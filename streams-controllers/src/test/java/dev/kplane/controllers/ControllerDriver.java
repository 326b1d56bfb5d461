package dev.kplane.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.KplaneSerdes;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A TopologyTestDriver around controllers: write objects to resource topics as the API server does (ObjectEvents,
 * tombstones with the final object in the header), let wall-clock time pass, read the requests.
 */
public final class ControllerDriver implements AutoCloseable {
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Topics topics = new Topics("t");
  private final TopologyTestDriver driver;
  private final Map<ResourceType, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
  private final TestOutputTopic<String, Request> requests;
  private final TestInputTopic<String, Reply> replies;
  private Instant now = START;
  private final java.nio.file.Path stateDir;

  public ControllerDriver(Controller... controllers) {
    ControllerContext context = new ControllerContext(topics, 2);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test-controllers");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try {
      stateDir = Files.createTempDirectory("controllers-ttd");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(ControllerManager.topology(context, List.of(controllers)), p, START);
    requests = driver.createOutputTopic(topics.requests(), new StringDeserializer(),
        KplaneSerdes.request().deserializer());
    replies = driver.createInputTopic(topics.replies(), new StringSerializer(), KplaneSerdes.reply().serializer());
  }

  private TestInputTopic<String, byte[]> input(ResourceType type) {
    return inputs.computeIfAbsent(type, t -> driver.createInputTopic(topics.resource(t), new StringSerializer(),
        new ByteArraySerializer(), now, Duration.ZERO));
  }

  private static ObjectEvent event(EventType type, JsonNode object) {
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.path("metadata")).remove("resourceVersion");
    return ObjectEvent.newBuilder().setType(type).setUid(copy.path("metadata").path("uid").asText())
        .setPrincipal("test").setRequestId("r").setTime(START).setObject(Json.write(copy)).build();
  }

  private static String key(JsonNode o) {
    String ns = o.path("metadata").path("namespace").asText();
    String name = o.path("metadata").path("name").asText();
    return ns.isEmpty() ? name : ns + "/" + name;
  }

  /** The object as written (its RV will be the topic offset + 1). */
  public void put(ResourceType type, JsonNode object) {
    input(type).pipeInput(new TestRecord<>(key(object), Records.bytes(event(EventType.MODIFIED, object)),
        now));
  }

  /** A deletion: a tombstone whose header carries the final object. */
  public void delete(ResourceType type, JsonNode object) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(Records.EVENT_HEADER, Records.bytes(event(EventType.DELETED, object)));
    input(type).pipeInput(new TestRecord<>(key(object), null, headers, now));
  }

  /** The API server's reply to a request: its HTTP code and a Status with the message. */
  public void reply(Request r, int code, String message) {
    String status = Json.write(Json.MAPPER.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
        .put("status", "Failure").put("message", message).put("code", code));
    replies.pipeInput(r.getRequestId(), Reply.newBuilder().setRequestId(r.getRequestId()).setOutcome(Outcome.ERROR)
        .setCode(code).setMessage(message).setBody(status).build(), now);
  }

  /** Lets time pass (punctuations run), by default just over one reconcile interval. */
  public void advance(Duration d) {
    now = now.plus(d);
    driver.advanceWallClockTime(d);
  }

  public void advance() {
    advance(Duration.ofMillis(25));
  }

  public Instant now() {
    return now;
  }

  /** The requests sent since the last call. */
  public List<Request> requests() {
    return requests.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
    dev.kplane.testkit.Dirs.delete(stateDir);
  }
}
