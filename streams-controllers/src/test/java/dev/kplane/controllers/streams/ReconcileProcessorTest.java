package dev.kplane.controllers.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.serviceaccount.ServiceAccountsController;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.Request;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared processor across the life cycle Streams gives a task: when a rebalance revokes a task and gives it back,
 * Streams suspends it (closing its processors) and resumes it by calling {@code init} again on the same processor
 * instances, with the same stores.
 */
class ReconcileProcessorTest {
  @TempDir
  Path stateDir;
  private final List<StateStore> stores = new java.util.ArrayList<>();

  @AfterEach
  void closeStores() {
    stores.forEach(StateStore::close);
  }

  private MockProcessorContext<String, Request> context(ReconcileProcessor supplier) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "reconcile-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    MockProcessorContext<String, Request> context =
        new MockProcessorContext<>(p, new org.apache.kafka.streams.processor.TaskId(5, 3), new File(stateDir.toString()));
    for (StoreBuilder<?> b : supplier.stores()) {
      // the mock context has no record cache and no changelog
      StateStore store = b.withCachingDisabled().withLoggingDisabled().build();
      store.init(context.getStateStoreContext(), store);
      stores.add(store);
    }
    return context;
  }

  private static Record<String, Change> namespace(String name) {
    ObjectNode ns = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
    ns.putObject("metadata").put("name", name).put("resourceVersion", "1");
    ns.putObject("status").put("phase", "Active");
    return new Record<>(name, new Change("namespaces", false, ns), 0L);
  }

  /** Runs the punctuations still scheduled (a cancelled one is what Streams would no longer run). */
  private static void punctuate(MockProcessorContext<String, Request> context, long now) {
    for (var p : context.scheduledPunctuators()) {
      if (!p.cancelled()) {
        p.getPunctuator().punctuate(now);
      }
    }
  }

  @Test
  void shouldReconcileOnceWithFreshViewsAfterTheTaskIsSuspendedAndResumed() {
    ControllerContext controllers = new ControllerContext(new Topics("t"), 4);
    new ServiceAccountsController().build(new StreamsBuilder(), controllers);
    ReconcileProcessor supplier = ReconcileProcessor.supplier(controllers);
    MockProcessorContext<String, Request> context = context(supplier);
    Processor<String, Change, String, Request> processor = supplier.get();
    long now = 1_000_000L;
    context.setCurrentSystemTimeMs(now);

    processor.init(context);
    processor.process(namespace("first"));
    punctuate(context, now + 1_000);
    assertEquals(List.of("/api/v1/namespaces/first/serviceaccounts"),
        context.forwarded().stream().map(f -> f.record().value().getPath()).toList(), "before the suspension");
    context.resetForwards();

    // what StreamTask does on suspend and resume: close the processors, then init them again
    processor.close();
    processor.init(context);
    processor.process(namespace("second"));
    punctuate(context, now + 1_000);

    assertEquals(List.of("/api/v1/namespaces/second/serviceaccounts"),
        context.forwarded().stream().map(f -> f.record().value().getPath()).toList(),
        "the namespace observed after the resume gets its ServiceAccount, exactly once");
    assertEquals(1, context.scheduledPunctuators().stream().filter(p -> !p.cancelled()).count(),
        "one live punctuation, not one per init");
  }
}
