package dev.kplane.apiserver.store;

import dev.kplane.schemas.Records;
import dev.kplane.schemas.avro.AuditEvent;
import dev.kplane.schemas.avro.Command;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a shard. Commands queue up; each batch is checked against the index and written in one
 * Kafka transaction together with its audit records, the replies to remote senders and the offsets of the
 * commands it consumed. The transactional id is the shard's, so whoever takes the shard next fences this
 * writer: a deposed writer's late batch aborts and never becomes visible.
 *
 * <p>A batch that fails for good (fenced, a broker that does not answer in time, an error the producer cannot
 * recover from) ends the writer: its producer is dropped with the open transaction, and the {@link ShardRegistry}
 * starts a new writer whose {@code initTransactions} aborts that transaction. When the batch failed before its
 * commit was asked for, none of it can ever become visible, so its local commands are answered "not the owner" and
 * the router hands them to the shard's next writer (a stall of the broker then costs time, not the write); only a
 * batch that failed while committing is answered with an error, as its outcome is unknown.
 */
public final class ShardWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardWriter.class);
  private static final int MAX_BATCH = 1000;
  /** A failed batch is tried again only when it failed fast: a second slow attempt would outlast the API's wait. */
  private static final long RETRY_WITHIN_MS = 5_000;

  /** Where the writer's Kafka clients come from (tests use mocks). */
  interface Clients {
    Producer<String, byte[]> producer();

    Consumer<String, byte[]> loader();
  }

  /** A command waiting for the writer: local ones carry a future, remote ones their place in the commands topic. */
  private record Pending(Command command, CompletableFuture<Reply> local, TopicPartition source, long offset,
                         ConsumerGroupMetadata group) {}

  /** What the batch decided for one command; the sent record's future when it writes. */
  private record Decision(Pending pending, Outcome outcome, long currentRv, EventType type,
                          Future<RecordMetadata> write) {}

  private final int shard;
  private final StoreConfig config;
  private final Clients clients;
  /** How long a batch waits for the broker to acknowledge its records, and an index load for its topic. */
  private final Duration brokerWait;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, KeyIndex> indexes = new HashMap<>();
  private final Thread thread;
  private Producer<String, byte[]> producer;
  private Consumer<String, byte[]> loader;
  private volatile boolean running = true;
  private volatile boolean alive = true;
  /** Set while the current batch's commit is asked for: from then on its outcome is unknown until it returns. */
  private boolean committing;

  public ShardWriter(int shard, StoreConfig config) {
    this(shard, config, new WriterClients(shard, config), WriterClients.BROKER_WAIT);
  }

  ShardWriter(int shard, StoreConfig config, Clients clients, Duration brokerWait) {
    this.shard = shard;
    this.config = config;
    this.clients = clients;
    this.brokerWait = brokerWait;
    this.thread = new Thread(this::run, "shard-writer-" + shard);
  }

  /**
   * Takes the shard: fences every earlier writer of it (their open transaction aborts), then starts writing.
   * Throws when the shard could not be taken; the writer is then dead.
   */
  public void start() {
    long t0 = System.nanoTime();
    try {
      producer = clients.producer();
      producer.initTransactions();
      loader = clients.loader();
    } catch (RuntimeException e) {
      alive = false;
      closeClients(Duration.ZERO);
      throw e;
    }
    thread.start();
    log.info("shard {}: writer {} took the shard in {} ms", shard, config.instanceId(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  public int shard() {
    return shard;
  }

  /** False once fenced or closed: callers then route through the commands topic. */
  public boolean alive() {
    return alive;
  }

  public CompletableFuture<Reply> submit(Command command) {
    CompletableFuture<Reply> f = new CompletableFuture<>();
    if (!alive) {
      f.complete(notOwner(command));
      return f;
    }
    queue.add(new Pending(command, f, null, -1, null));
    if (!alive) {
      failQueued();
    }
    return f;
  }

  void submitRemote(Command command, TopicPartition source, long offset, ConsumerGroupMetadata group) {
    queue.add(new Pending(command, null, source, offset, group));
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    try {
      while (running) {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        writeWithOneRetry(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      log.warn("shard {}: writer {} was fenced ({}); the shard gets a new writer", shard, config.instanceId(),
          e.toString());
      failBatch(batch, "the shard's writer was replaced while this write was in flight");
    } catch (RuntimeException e) {
      log.error("shard {}: writer {} stopped; the shard gets a new writer", shard, config.instanceId(), e);
      failBatch(batch, "the write failed: " + e);
    } finally {
      alive = false;
      failQueued();
      closeClients(running ? Duration.ZERO : Duration.ofSeconds(5)); // a failed writer's transaction is left to abort
    }
  }

  /**
   * Writes a batch. A transaction that failed fast with an error the producer can abort is aborted and the batch
   * written once more (the index only ever holds committed writes, so it stays valid). Any other failure ends
   * the writer (see run).
   */
  private void writeWithOneRetry(List<Pending> batch) {
    for (Pending p : batch) {
      index(p.command().getTopic()); // outside the transaction: a load never keeps one open
    }
    long t0 = System.nanoTime();
    try {
      write(batch);
    } catch (ProducerFencedException | InvalidProducerEpochException
             | org.apache.kafka.common.errors.TimeoutException e) {
      throw e;
    } catch (KafkaException e) {
      if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) > RETRY_WITHIN_MS) {
        throw e;
      }
      log.warn("shard {}: transaction failed ({}); aborting and retrying the batch once", shard, e.toString());
      producer.abortTransaction();
      write(batch);
    }
  }

  private KeyIndex index(String topic) {
    return indexes.computeIfAbsent(topic, t -> KeyIndex.load(loader, t, brokerWait));
  }

  private void write(List<Pending> batch) {
    long deadline = System.nanoTime() + brokerWait.toNanos();
    committing = false;
    producer.beginTransaction();
    Map<String, Map<String, Preconditions.Current>> changed = new HashMap<>();
    List<Decision> decisions = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      decisions.add(decide(p, changed));
    }
    long now = System.currentTimeMillis();
    Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
    ConsumerGroupMetadata group = null;
    List<Reply> replies = new ArrayList<>(decisions.size());
    for (Decision d : decisions) {
      Command c = d.pending().command();
      // the resourceVersion must be known before the reply and the audit record are written
      long newRv = d.write() == null ? 0 : resolve(d.write(), deadline).offset() + 1;
      Reply reply = new Reply(c.getRequestId(), d.outcome(), newRv != 0 ? newRv : d.currentRv(), null, 0, null);
      replies.add(reply);
      producer.send(new ProducerRecord<>(config.topics().audit(), c.getKey(), Records.bytes(
          new AuditEvent(c.getRequestId(), Instant.ofEpochMilli(now), c.getPrincipal(), c.getVerb(), c.getTopic(),
              c.getKey(), d.outcome().name(), httpCode(d.outcome(), c), d.currentRv(), newRv))));
      if (d.pending().local() == null) {
        producer.send(new ProducerRecord<>(config.topics().replies(), c.getReplyPartition(), c.getRequestId(),
            Records.bytes(reply)));
        consumed.put(d.pending().source(), new OffsetAndMetadata(d.pending().offset() + 1));
        group = d.pending().group();
      }
    }
    if (!consumed.isEmpty()) {
      producer.sendOffsetsToTransaction(consumed, group);
    }
    committing = true;
    producer.commitTransaction();
    committing = false;
    for (int i = 0; i < decisions.size(); i++) {
      Decision d = decisions.get(i);
      Reply reply = replies.get(i);
      if (d.outcome() == Outcome.APPLIED) {
        Command c = d.pending().command();
        KeyIndex index = indexes.get(c.getTopic());
        if (c.getDelete()) {
          index.remove(c.getKey());
        } else {
          index.put(c.getKey(), reply.getResourceVersion(), c.getUid());
        }
      }
      if (d.pending().local() != null) {
        d.pending().local().complete(reply);
      }
    }
  }

  private Decision decide(Pending p, Map<String, Map<String, Preconditions.Current>> changed) {
    Command c = p.command();
    KeyIndex index = index(c.getTopic());
    Map<String, Preconditions.Current> changedInTopic = changed.computeIfAbsent(c.getTopic(), t -> new HashMap<>());
    Preconditions.Current current = changedInTopic.get(c.getKey());
    if (current == null) {
      KeyIndex.Entry e = index.get(c.getKey());
      current = e == null ? Preconditions.Current.ABSENT : new Preconditions.Current(true, e.resourceVersion(), e.uid());
    }
    Outcome outcome = Preconditions.check(current, c);
    if (outcome != Outcome.APPLIED) {
      return new Decision(p, outcome, current.resourceVersion(), null, null);
    }
    EventType type = c.getDelete() ? EventType.DELETED : current.exists() ? EventType.MODIFIED : EventType.ADDED;
    ObjectEvent event = new ObjectEvent(type, c.getUid(), c.getPrincipal(), c.getRequestId(),
        Instant.ofEpochMilli(c.getTime().toEpochMilli()), c.getObject() == null ? "{}" : c.getObject());
    ProducerRecord<String, byte[]> record;
    if (c.getDelete()) {
      record = new ProducerRecord<>(c.getTopic(), 0, c.getKey(), null);
      record.headers().add(new RecordHeader(Records.EVENT_HEADER, Records.bytes(event)));
      changedInTopic.put(c.getKey(), Preconditions.Current.ABSENT);
    } else {
      record = new ProducerRecord<>(c.getTopic(), 0, c.getKey(), Records.bytes(event));
      changedInTopic.put(c.getKey(), new Preconditions.Current(true, 0, c.getUid()));
    }
    return new Decision(p, outcome, current.resourceVersion(), type, producer.send(record));
  }

  /** The acknowledgement of a sent record, waited for until the batch's deadline (System.nanoTime). */
  private RecordMetadata resolve(Future<RecordMetadata> f, long deadline) {
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      String broker = BrokerThreads.summary();
      log.error("shard {}: the broker did not acknowledge a record within {} ms; the producer's view: {}{}", shard,
          brokerWait.toMillis(), producerView(), broker.isEmpty() ? "" : "; the broker's threads in this JVM: " + broker);
      throw new org.apache.kafka.common.errors.TimeoutException(
          "the broker did not acknowledge the batch within " + brokerWait.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
    }
  }

  /** Producer metrics that tell a broker that never answered from one that answered with retriable errors. */
  private static final List<String> VIEW = List.of("record-retry-total", "record-error-total", "requests-in-flight",
      "request-latency-max", "record-queue-time-max", "produce-throttle-time-max", "connection-count",
      "bufferpool-wait-time-ns-total", "metadata-age");

  private String producerView() {
    Map<String, Object> view = new java.util.TreeMap<>();
    try {
      producer.metrics().forEach((name, metric) -> {
        if (name.group().equals("producer-metrics") && VIEW.contains(name.name())
            && !(metric.metricValue() instanceof Double d && d == 0.0)) {
          view.put(name.name(), metric.metricValue());
        }
      });
    } catch (RuntimeException e) {
      return "unavailable (" + e + ")";
    }
    return view.toString();
  }

  static int httpCode(Outcome outcome, Command c) {
    return switch (outcome) {
      case APPLIED -> "create".equals(c.getVerb()) ? 201 : 200;
      case CONFLICT, ALREADY_EXISTS, UID_MISMATCH -> 409;
      case NOT_FOUND -> 404;
      case NOT_OWNER -> 503;
      case ERROR -> 500;
    };
  }

  private static Reply notOwner(Command c) {
    return new Reply(c.getRequestId(), Outcome.NOT_OWNER, 0L, "this instance no longer writes the shard", 0, null);
  }

  /** Commands that never entered a transaction: safe to send elsewhere. */
  private void failQueued() {
    Pending p;
    while ((p = queue.poll()) != null) {
      if (p.local() != null) {
        p.local().complete(notOwner(p.command()));
      }
    }
  }

  /**
   * The batch of a writer that stops. Unless its commit was asked for, its transaction never commits (the next
   * writer's initTransactions aborts it), so its local commands go to that writer like queued ones; remote ones
   * come back to it from the commands topic. A batch that failed while committing may or may not have committed:
   * its senders are told the outcome is unknown.
   */
  private void failBatch(List<Pending> batch, String why) {
    if (!committing) {
      long local = batch.stream().filter(p -> p.local() != null).count();
      if (local > 0) {
        log.warn("shard {}: {} write(s) of the failed batch never committed; they go to the shard's next writer",
            shard, local);
      }
    }
    for (Pending p : batch) {
      if (p.local() != null) {
        p.local().complete(committing ? new Reply(p.command().getRequestId(), Outcome.ERROR, 0L, why, 0, null)
            : notOwner(p.command()));
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    alive = false;
    failQueued();
    if (thread.getState() == Thread.State.NEW) {
      closeClients(Duration.ofSeconds(5)); // a running writer's thread closes its clients itself
    }
    log.info("shard {}: writer {} released the shard", shard, config.instanceId());
  }

  private void closeClients(Duration timeout) {
    if (producer != null) {
      producer.close(timeout);
    }
    if (loader != null) {
      loader.close(timeout);
    }
  }
}
