package dev.kplane.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.Records;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.ObjectEvent;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes a node topic as the dispatcher would (tests only): pods by ns/name, configmaps/ and secrets/ keys. */
final class NodeTopicWriter implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  NodeTopicWriter(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  void put(String key, JsonNode object) throws Exception {
    ObjectNode copy = object.deepCopy();
    ObjectEvent e = new ObjectEvent(EventType.MODIFIED, copy.path("metadata").path("uid").asText(), "test",
        UUID.randomUUID().toString(), Instant.now(), Json.write(copy));
    producer.send(new ProducerRecord<>(topic, key, Records.bytes(e))).get();
  }

  void tombstone(String key) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, null)).get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
