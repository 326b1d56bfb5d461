package dev.kplane.scheduler.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Request;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler across a suspend and resume of its task: Streams closes the processor and calls {@code init} again
 * on the same instance: the cache is rebuilt from the stores (the bound pod counted once) and the punctuations are
 * scheduled once.
 */
class SchedulerProcessorResumeTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private final Topics topics = new Topics("t");
  private final List<StateStore> stores = new ArrayList<>();
  private long offset;
  @TempDir
  Path stateDir;

  @AfterEach
  void closeStores() {
    stores.forEach(StateStore::close);
  }

  private void pipe(SchedulerProcessor processor, MockProcessorContext<String, Request> context, String topic,
      String key, ObjectNode object) {
    context.setRecordMetadata(topic, 0, offset++);
    processor.process(new Record<>(key, Records.bytes(ObjectEvent.newBuilder().setType(EventType.ADDED)
        .setUid(object.path("metadata").path("uid").asText()).setPrincipal("test").setRequestId("r")
        .setTime(START).setObject(Json.write(object)).build()), START.toEpochMilli()));
  }

  private static ObjectNode node(String name, String cpu) {
    ObjectNode n = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Node");
    n.putObject("metadata").put("name", name).put("uid", UUID.randomUUID().toString());
    ObjectNode alloc = n.putObject("status").putObject("allocatable");
    alloc.put("cpu", cpu).put("memory", "16Gi").put("pods", "110");
    n.with("status").set("capacity", alloc.deepCopy());
    return n;
  }

  private static ObjectNode pod(String name, String cpu, String nodeName) {
    ObjectNode p = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    p.putObject("metadata").put("name", name).put("namespace", "default").put("uid", UUID.randomUUID().toString())
        .put("creationTimestamp", START.toString());
    ObjectNode spec = p.putObject("spec").put("schedulerName", "default-scheduler").put("priority", 0);
    if (nodeName != null) {
      spec.put("nodeName", nodeName);
    }
    spec.putArray("containers").addObject().put("name", "c").put("image", "busybox")
        .putObject("resources").putObject("requests").put("cpu", cpu);
    p.putObject("status").put("phase", nodeName == null ? "Pending" : "Running");
    return p;
  }

  @Test
  void shouldCountEachBoundPodOnceAfterTheTaskIsSuspendedAndResumed() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "t-scheduler");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    MockProcessorContext<String, Request> context = new MockProcessorContext<>(p, new TaskId(0, 0), stateDir.toFile());
    for (String name : SchedulerTopology.STORES) {
      StateStore store = SchedulerTopology.store(name).withCachingDisabled().withLoggingDisabled().build();
      store.init(context.getStateStoreContext(), store);
      stores.add(store);
    }
    long now = START.toEpochMilli();
    context.setCurrentSystemTimeMs(now);
    SchedulerProcessor scheduler = new SchedulerProcessor(topics, Profiles.defaults());
    scheduler.init(context);
    pipe(scheduler, context, SchedulerTopology.nodesTopic(topics), "a", node("a", "4"));
    pipe(scheduler, context, SchedulerTopology.podsTopic(topics), "default/bound", pod("bound", "1500m", "a"));

    // what StreamTask does on suspend and resume: close the processors, then init them again
    scheduler.close();
    scheduler.init(context);

    // 1.5 + 2 CPUs fit the 4 of node a; counting the bound pod twice (3 + 2) would not
    pipe(scheduler, context, SchedulerTopology.podsTopic(topics), "default/next", pod("next", "2", null));
    context.setCurrentSystemTimeMs(now + 1_000);
    for (var punctuator : context.scheduledPunctuators()) {
      if (!punctuator.cancelled()) {
        punctuator.getPunctuator().punctuate(now + 1_000);
      }
    }
    List<String> sent = context.forwarded().stream().map(f -> f.record().value().getVerb() + " "
        + f.record().value().getPath()).toList();
    assertEquals(List.of("create /api/v1/namespaces/default/pods/next/binding"), sent);
    assertEquals(2, context.scheduledPunctuators().stream().filter(x -> !x.cancelled()).count(),
        "the work and stats punctuations once, not once per init");
  }
}
