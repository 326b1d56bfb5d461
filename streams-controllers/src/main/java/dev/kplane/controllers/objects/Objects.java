package dev.kplane.controllers.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Reads of the metadata every object has, on the JSON tree the stores keep. */
public final class Objects {
  private Objects() {}

  public static JsonNode meta(JsonNode o) {
    return o.path("metadata");
  }

  public static String name(JsonNode o) {
    return meta(o).path("name").asText();
  }

  public static String namespace(JsonNode o) {
    return meta(o).path("namespace").asText();
  }

  /** namespace/name, or name for a cluster-scoped object: the key in resource topics and controller stores. */
  public static String key(JsonNode o) {
    String ns = namespace(o);
    return ns.isEmpty() ? name(o) : ns + "/" + name(o);
  }

  public static String key(String namespace, String name) {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** The namespace part of a key namespace/name ("" for a cluster-scoped name). */
  public static String namespaceOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  public static String uid(JsonNode o) {
    return meta(o).path("uid").asText();
  }

  public static String resourceVersion(JsonNode o) {
    return meta(o).path("resourceVersion").asText();
  }

  public static long generation(JsonNode o) {
    return meta(o).path("generation").asLong();
  }

  public static boolean isBeingDeleted(JsonNode o) {
    return meta(o).hasNonNull("deletionTimestamp");
  }

  public static Instant creationTimestamp(JsonNode o) {
    return time(meta(o).path("creationTimestamp"));
  }

  /** An RFC 3339 time field, or null when absent. */
  public static Instant time(JsonNode field) {
    return field.isTextual() ? Instant.parse(field.asText()) : null;
  }

  public static Map<String, String> labels(JsonNode o) {
    return strings(meta(o).path("labels"));
  }

  public static Map<String, String> annotations(JsonNode o) {
    return strings(meta(o).path("annotations"));
  }

  public static String annotation(JsonNode o, String name) {
    JsonNode v = meta(o).path("annotations").get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** A string map (labels, annotations, nodeSelector) as a sorted map; empty when absent. */
  public static Map<String, String> strings(JsonNode map) {
    Map<String, String> out = new TreeMap<>();
    map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** metadata as an ObjectNode, created when missing. */
  public static ObjectNode metadata(ObjectNode o) {
    return o.get("metadata") instanceof ObjectNode m ? m : o.putObject("metadata");
  }
}
