package dev.kplane.apiserver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The writer's error handling against mock Kafka clients: every request gets an answer, in bounded time. */
class ShardWriterTest {
  private static final String TOPIC = "t.core.configmaps";
  private static final StoreConfig CONFIG = StoreConfig.defaults("unused:9092", "t", "a");
  private static final Duration WAIT = Duration.ofMillis(300);

  /** A MockProducer whose first commit fails with an error the transaction can abort. */
  private static final class FailingOnceProducer extends MockProducer<String, byte[]> {
    FailingOnceProducer() {
      super(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    boolean failed;

    @Override
    public void commitTransaction() {
      if (!failed) {
        failed = true;
        throw new KafkaException("the coordinator is loading");
      }
      super.commitTransaction();
    }
  }

  private static ShardWriter writer(Producer<String, byte[]> producer) {
    return new ShardWriter(0, CONFIG, new ShardWriter.Clients() {
      @Override
      public Producer<String, byte[]> producer() {
        return producer;
      }

      @Override
      public Consumer<String, byte[]> loader() {
        MockConsumer<String, byte[]> c = new MockConsumer<>("earliest");
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        c.updateBeginningOffsets(Map.of(tp, 0L));
        c.updateEndOffsets(Map.of(tp, 0L));
        return c;
      }
    }, WAIT);
  }

  private static Reply submit(ShardWriter w, String name) throws Exception {
    return w.submit(ShardFencingIT.create(TOPIC, "default/" + name)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldApplyACreateAtTheRecordsOffsetPlusOne() throws Exception {
    MockProducer<String, byte[]> p = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    try (ShardWriter w = writer(p)) {
      w.start();
      Reply r = submit(w, "one");
      assertEquals(Outcome.APPLIED, r.getOutcome());
      assertEquals(1, r.getResourceVersion());
      assertEquals(Outcome.ALREADY_EXISTS, submit(w, "one").getOutcome());
      assertTrue(w.alive());
    }
  }

  @Test
  void shouldAbortAndRetryATransactionThatFailedFast() throws Exception {
    FailingOnceProducer p = new FailingOnceProducer();
    try (ShardWriter w = writer(p)) {
      w.start();
      Reply r = submit(w, "one");
      assertEquals(Outcome.APPLIED, r.getOutcome(), r.toString());
      assertTrue(p.failed);
      assertEquals(1, p.commitCount());
      assertTrue(w.alive());
    }
  }

  /** A MockProducer whose commit never gets an answer. */
  private static final class CommitTimesOutProducer extends MockProducer<String, byte[]> {
    CommitTimesOutProducer() {
      super(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void commitTransaction() {
      throw new TimeoutException("Timeout expired after 10000ms while awaiting EndTxn(COMMIT)");
    }
  }

  @Test
  void shouldHandANeverAcknowledgedBatchToTheNextWriterAndStop() throws Exception {
    MockProducer<String, byte[]> p = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    try (ShardWriter w = writer(p)) {
      w.start();
      long t0 = System.nanoTime();
      Reply r = submit(w, "one");
      assertEquals(Outcome.NOT_OWNER, r.getOutcome(), "its transaction never commits: the router may send it on");
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5_000);
      assertEquals(0, p.commitCount());
      awaitDead(w);
      assertTrue(p.closed(), "the stuck producer is dropped with its transaction");
      assertEquals(Outcome.NOT_OWNER, submit(w, "two").getOutcome(), "a dead writer sends new requests elsewhere");
    }
  }

  @Test
  void shouldHandTheBatchToTheNextWriterAndStopWhenFenced() throws Exception {
    MockProducer<String, byte[]> p = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    try (ShardWriter w = writer(p)) {
      w.start();
      assertEquals(Outcome.APPLIED, submit(w, "one").getOutcome());
      p.fenceProducer();
      assertEquals(Outcome.NOT_OWNER, submit(w, "two").getOutcome());
      awaitDead(w);
      assertEquals(1, p.commitCount());
    }
  }

  @Test
  void shouldAnswerWithAnErrorWhenTheCommitsOutcomeIsUnknown() throws Exception {
    CommitTimesOutProducer p = new CommitTimesOutProducer();
    try (ShardWriter w = writer(p)) {
      w.start();
      Reply r = submit(w, "one");
      assertEquals(Outcome.ERROR, r.getOutcome(), "the commit may have happened: it must not be written again");
      assertTrue(r.getMessage().contains("EndTxn"), r.getMessage());
      awaitDead(w);
    }
  }

  @Test
  void shouldBeDeadWhenTheShardCannotBeTaken() {
    MockProducer<String, byte[]> p = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    p.initTransactionException = new TimeoutException("no coordinator");
    ShardWriter w = writer(p);
    assertThrows(TimeoutException.class, w::start);
    assertFalse(w.alive());
    w.close();
  }

  private static void awaitDead(ShardWriter w) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (w.alive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(w.alive());
  }
}
