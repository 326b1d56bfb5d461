package dev.kplane.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.avro.Request;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Requests to the API through its Kafka door (topic {@code <prefix>.requests}). A request is what an HTTP request
 * would be: a verb, the Kubernetes REST path (with subresource and query), a body. The API server runs it through
 * the same pipeline as HTTP and answers on {@code <prefix>.replies} with the HTTP status and body.
 *
 * <p>The door delivers at least once (a request consumed again after an API server crash runs again), so a
 * request must be safe to repeat: creates name their object (no generateName), updates and deletes carry a
 * resourceVersion or uid precondition. A repeat then gets AlreadyExists, Conflict or NotFound and changes nothing.
 */
public final class ApiRequests {
  public static final String CREATE = "create";
  public static final String UPDATE = "update";
  public static final String PATCH = "patch";
  public static final String DELETE = "delete";

  public static final String JSON = "application/json";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  public static final String JSON_PATCH = "application/json-patch+json";

  private ApiRequests() {}

  /** POST path (a collection path, or a subresource like .../pods/x/binding). */
  public static Request create(String path, JsonNode body, String principal) {
    return of(CREATE, path, JSON, body, principal);
  }

  /** PUT path (an object path, or .../status): the body carries metadata.resourceVersion as precondition. */
  public static Request update(String path, JsonNode body, String principal) {
    return of(UPDATE, path, JSON, body, principal);
  }

  /** PATCH path with one of the patch content types. */
  public static Request patch(String path, String contentType, JsonNode body, String principal) {
    return of(PATCH, path, contentType, body, principal);
  }

  /** DELETE path; options is a DeleteOptions (preconditions, propagationPolicy) or null. */
  public static Request delete(String path, JsonNode options, String principal) {
    return of(DELETE, path, JSON, options, principal);
  }

  /** A request with a fresh id; its reply goes to the partition the replies topic's partitioner picks for the id. */
  public static Request of(String verb, String path, String contentType, JsonNode body, String principal) {
    return Request.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setVerb(verb)
        .setPath(path)
        .setContentType(body == null ? null : contentType)
        .setBody(body == null ? null : Json.write(body))
        .setPrincipal(principal)
        .setReplyPartition(-1)
        .setTime(Instant.now())
        .build();
  }

  /**
   * The record to produce: keyed by the object the request is about (see {@link #key(Request)}), so requests on one
   * object are applied in the order they were produced.
   */
  public static ProducerRecord<String, byte[]> record(Topics topics, Request r) {
    return new ProducerRecord<>(topics.requests(), key(r), Records.bytes(r));
  }

  /**
   * The ordering key of a request: the store key (namespace/name, or name) of the object it is about, from the path,
   * or for a create on a collection from the body's metadata.name.
   */
  public static String key(Request r) {
    String path = r.getPath();
    int q = path.indexOf('?');
    String[] s = (q < 0 ? path : path.substring(0, q)).replaceAll("^/+", "").split("/");
    int skip = s.length > 0 && s[0].equals("apis") ? 3 : 2; // api/v1 or apis/<group>/<version>
    String[] rest = java.util.Arrays.copyOfRange(s, Math.min(skip, s.length), s.length);
    String namespace = null;
    String name = null;
    if (rest.length >= 3 && rest[0].equals("namespaces") && !rest[2].equals("status") && !rest[2].equals("finalize")) {
      namespace = rest[1];
      name = rest.length > 3 ? rest[3] : null;
    } else if (rest.length >= 2) {
      name = rest[1];
    }
    if (name == null && r.getBody() != null) {
      name = Json.parse(r.getBody()).path("metadata").path("name").asText("");
    }
    return namespace == null ? String.valueOf(name) : namespace + "/" + name;
  }

  /** The REST path of a collection: /api/v1/namespaces/ns/pods, /apis/apps/v1/namespaces/ns/deployments, /api/v1/nodes. */
  public static String collectionPath(ResourceType t, String namespace) {
    String base = t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.group() + "/" + t.version();
    return t.namespaced() ? base + "/namespaces/" + namespace + "/" + t.resource() : base + "/" + t.resource();
  }

  /** The REST path of one object. */
  public static String objectPath(ResourceType t, String namespace, String name) {
    return collectionPath(t, namespace) + "/" + name;
  }
}
