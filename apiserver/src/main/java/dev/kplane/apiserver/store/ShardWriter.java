package dev.kplane.apiserver.store;

import dev.kplane.schemas.Records;
import dev.kplane.schemas.avro.AuditEvent;
import dev.kplane.schemas.avro.Command;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a shard. Commands queue up; each batch is checked against the index and written in one
 * Kafka transaction together with its audit records, the replies to remote senders and the offsets of the
 * commands it consumed. The transactional id is the shard's, so whoever takes the shard next fences this
 * writer: a deposed writer's late batch aborts and never becomes visible.
 */
public final class ShardWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardWriter.class);
  private static final int MAX_BATCH = 1000;

  /** A command waiting for the writer: local ones carry a future, remote ones their place in the commands topic. */
  private record Pending(Command command, CompletableFuture<Reply> local, TopicPartition source, long offset,
                         ConsumerGroupMetadata group) {}

  /** What the batch decided for one command; the sent record's future when it writes. */
  private record Decision(Pending pending, Outcome outcome, long currentRv, EventType type,
                          Future<RecordMetadata> write) {}

  private final int shard;
  private final StoreConfig config;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, KeyIndex> indexes = new HashMap<>();
  private final Thread thread;
  private Producer<String, byte[]> producer;
  private Consumer<String, byte[]> loader;
  private volatile boolean running = true;
  private volatile boolean alive = true;

  public ShardWriter(int shard, StoreConfig config) {
    this.shard = shard;
    this.config = config;
    this.thread = new Thread(this::run, "shard-writer-" + shard);
  }

  /** Takes the shard: fences every earlier writer of it (their open transaction aborts), then starts writing. */
  public void start() {
    long t0 = System.nanoTime();
    producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    loader = new KafkaConsumer<>(loaderProps(), new StringDeserializer(), new ByteArrayDeserializer());
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
    } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
             | AuthorizationException e) {
      log.warn("shard {}: writer {} was fenced or lost its producer ({}); another instance owns the shard now",
          shard, config.instanceId(), e.toString());
      failUnknown(batch, "the shard's writer was replaced while this write was in flight");
    } catch (RuntimeException e) {
      log.error("shard {}: writer stopped on an unexpected error", shard, e);
      failUnknown(batch, e.toString());
    } finally {
      alive = false;
      failQueued();
    }
  }

  /**
   * An abortable error aborts the transaction; the batch is decided again from a freshly read index once. If
   * that fails too, its commands are answered with an error and the writer goes on with the next batch.
   */
  private void writeWithOneRetry(List<Pending> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        write(batch);
        return;
      } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
               | AuthorizationException e) {
        throw e;
      } catch (KafkaException e) {
        log.warn("shard {}: transaction failed ({}); aborting{}", shard, e.toString(),
            attempt == 1 ? " and retrying the batch once" : "; the batch's requests get an error");
        producer.abortTransaction();
        indexes.clear();
        if (attempt == 2) {
          failUnknown(batch, "the write failed: " + e.getMessage());
          return;
        }
      }
    }
  }

  private void write(List<Pending> batch) {
    producer.beginTransaction();
    Map<String, Map<String, Preconditions.Current>> changed = new HashMap<>();
    List<Decision> decisions = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      decisions.add(decide(p, changed));
    }
    if (decisions.stream().anyMatch(d -> d.write() != null)) {
      producer.flush(); // the resourceVersions must be known before the replies and audit records are written
    }
    long now = System.currentTimeMillis();
    Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
    ConsumerGroupMetadata group = null;
    List<Reply> replies = new ArrayList<>(decisions.size());
    for (Decision d : decisions) {
      Command c = d.pending().command();
      long newRv = d.write() == null ? 0 : resolve(d.write()).offset() + 1;
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
    producer.commitTransaction();
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
    KeyIndex index = indexes.computeIfAbsent(c.getTopic(), t -> KeyIndex.load(loader, t));
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

  private static RecordMetadata resolve(Future<RecordMetadata> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
    }
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

  /** Commands whose transaction may or may not have committed: the client must be told the outcome is unknown. */
  private void failUnknown(List<Pending> batch, String why) {
    for (Pending p : batch) {
      if (p.local() != null) {
        p.local().complete(new Reply(p.command().getRequestId(), Outcome.ERROR, 0L, why, 0, null));
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
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
    }
    if (loader != null) {
      loader.close();
    }
    log.info("shard {}: writer {} released the shard", shard, config.instanceId());
  }

  private Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.topics().shardTransactionalId(shard));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-shard-" + shard + "-" + UUID.randomUUID());
    return p;
  }

  private Properties loaderProps() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.instanceId() + "-shard-" + shard + "-index");
    return p;
  }
}
