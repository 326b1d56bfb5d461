package dev.kplane.controllers.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.avro.Reply;
import dev.kplane.schemas.avro.Request;
import java.util.UUID;

/**
 * Request ids that say whom a reply concerns: {@code <controller>|<owner key>|<tag>|<uuid>}, so a controller that
 * wants to hear about failures ({@link Sources#failedReplies}) gets a reply in its owner's task without keeping
 * a table of the requests it sent.
 */
public final class RequestIds {
  /** The resource name of reply changes. */
  public static final String REPLIES = "replies";
  private static final char SEP = '|';

  private RequestIds() {}

  /** The request with an id naming the controller, the owner (namespace/name) and a tag of the controller's choice. */
  public static Request tag(Request r, String controller, String owner, String tag) {
    return Request.newBuilder(r).setRequestId(controller + SEP + owner + SEP + tag + SEP + UUID.randomUUID()).build();
  }

  /** The controller that tagged a request id, or null for an untagged one. */
  static String controller(String requestId) {
    String[] p = split(requestId);
    return p == null ? null : p[0];
  }

  /** Whether a request id was tagged by one of these controllers (most ids are not tagged at all). */
  static boolean taggedByAny(String requestId, java.util.Set<String> controllers) {
    String controller = controller(requestId);
    return controller != null && controllers.contains(controller);
  }

  /** The owner key of a tagged request id, or null. */
  static String owner(String requestId) {
    String[] p = split(requestId);
    return p == null ? null : p[1];
  }

  private static String[] split(String requestId) {
    String[] p = requestId.split("\\|", 4);
    return p.length == 4 ? p : null;
  }

  /** A failed reply as a change: an object {controller, owner, tag, code, message} (message from the Status body). */
  static Change change(Reply r) {
    String[] p = split(r.getRequestId());
    ObjectNode o = Json.MAPPER.createObjectNode().put("controller", p[0]).put("owner", p[1]).put("tag", p[2]).put("code", r.getCode());
    String message = r.getMessage();
    if (r.getBody() != null) {
      try {
        message = Json.parse(r.getBody()).path("message").asText(message);
      } catch (RuntimeException notJson) {
        // keep the reply's own message
      }
    }
    o.put("message", message == null ? "" : message);
    return new Change(REPLIES, false, o);
  }
}
