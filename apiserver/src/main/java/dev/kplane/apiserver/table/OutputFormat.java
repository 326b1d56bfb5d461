package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.ResourceType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a GET, LIST or WATCH answers with, chosen from the Accept header as kube-apiserver's content negotiation
 * does: the object itself, or a meta.k8s.io Table, PartialObjectMetadata or PartialObjectMetadataList when a clause
 * asks for one ("application/json;as=Table;v=v1;g=meta.k8s.io"). Clauses are tried by quality, then in order.
 */
public final class OutputFormat {
  /** The conversion asked for. */
  public enum Kind { OBJECT, TABLE, PARTIAL, PARTIAL_LIST }

  private static final OutputFormat OBJECT = new OutputFormat(Kind.OBJECT, null, null);
  private static final String NOT_ACCEPTABLE = "only the following media types are accepted: application/json, "
      + "application/yaml, application/vnd.kubernetes.protobuf";
  private static final Map<String, String> INTERNAL_PACKAGES = Map.of("", "core", "events.k8s.io", "core",
      "rbac.authorization.k8s.io", "rbac", "apiextensions.k8s.io", "apiextensions");

  private final Kind kind;
  private final String apiVersion;
  private final TableOptions tableOptions;

  private OutputFormat(Kind kind, String apiVersion, TableOptions tableOptions) {
    this.kind = kind;
    this.apiVersion = apiVersion;
    this.tableOptions = tableOptions;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The format for an Accept header (null or empty: the object). includeObject is read (and a bad value refused)
   * only when a Table is asked for. A header whose every clause asks for a conversion kplane cannot make is a 406;
   * media types without conversion that kplane does not serve (protobuf) fall back to JSON, as before.
   */
  public static OutputFormat negotiate(String accept, String includeObject) {
    if (accept == null || accept.isBlank()) {
      return OBJECT;
    }
    List<Clause> clauses = new ArrayList<>();
    for (String part : accept.split(",")) {
      if (!part.isBlank()) {
        clauses.add(Clause.parse(part));
      }
    }
    // goautoneg: higher quality first, then specific types before wildcards; otherwise the header's order
    clauses.sort(Comparator.comparingDouble((Clause c) -> -c.q()).thenComparingInt(Clause::wildcards));
    boolean onlyConversions = true;
    for (Clause c : clauses) {
      boolean jsonLike = c.mediaType().equals("application/json") || c.mediaType().equals("application/yaml");
      if (c.as() == null && c.group() == null && c.version() == null) {
        onlyConversions = false;
        if (jsonLike || c.mediaType().equals("*/*") || c.mediaType().equals("application/*")) {
          return OBJECT;
        }
        continue;
      }
      boolean meta = "meta.k8s.io".equals(c.group())
          && (TableOptions.V1.endsWith("/" + c.version()) || TableOptions.V1BETA1.endsWith("/" + c.version()));
      if (!meta || !jsonLike || c.as() == null) {
        continue;
      }
      String version = "meta.k8s.io/" + c.version();
      switch (c.as()) {
        case "Table" -> {
          return new OutputFormat(Kind.TABLE, version,
              new TableOptions(version, IncludeObject.parse(includeObject), false));
        }
        case "PartialObjectMetadata" -> {
          return new OutputFormat(Kind.PARTIAL, version, null);
        }
        case "PartialObjectMetadataList" -> {
          return new OutputFormat(Kind.PARTIAL_LIST, version, null);
        }
        default -> {
          // an unknown conversion: try the next clause
        }
      }
    }
    if (onlyConversions) {
      throw Status.notAcceptable(NOT_ACCEPTABLE);
    }
    return OBJECT;
  }

  /** The answer to a GET of one object. */
  public ObjectNode object(ResourceType type, TableConvertor convertor, ObjectNode object, Instant now) {
    return switch (kind) {
      case OBJECT -> object;
      case TABLE -> {
        ObjectNode t = convertor.table(List.of(object), tableOptions, now);
        String rv = object.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty()) {
          ((ObjectNode) t.get("metadata")).put("resourceVersion", rv);
        }
        yield t;
      }
      case PARTIAL -> PartialObjects.of(object, apiVersion);
      case PARTIAL_LIST -> throw Status.notAcceptable("you requested PartialObjectMetadataList, but the requested "
          + "object is not a list (" + goType(type, false) + ")");
    };
  }

  /** The answer to a LIST: the list body's items converted, its metadata (resourceVersion, continue...) kept. */
  public ObjectNode list(ResourceType type, TableConvertor convertor, ObjectNode list, Instant now) {
    List<ObjectNode> items = new ArrayList<>();
    list.path("items").forEach(i -> items.add((ObjectNode) i));
    ObjectNode out = switch (kind) {
      case OBJECT -> list;
      case TABLE -> convertor.table(items, tableOptions, now);
      case PARTIAL_LIST -> PartialObjects.list(items, apiVersion);
      case PARTIAL -> throw Status.notAcceptable("you requested PartialObjectMetadata, but the requested object is "
          + "a list (" + goType(type, true) + ")");
    };
    if (out != list) {
      out.set("metadata", list.path("metadata").deepCopy());
    }
    return out;
  }

  /**
   * The converter of one watch's event objects. A Table event carries one row; only the first event of the watch
   * has column definitions. Status objects (ERROR events) pass unchanged; so does every object when the conversion
   * does not apply to single objects (PartialObjectMetadataList), as kube-apiserver falls back to the object.
   */
  public WatchEvents watch(TableConvertor convertor) {
    return new WatchEvents(convertor);
  }

  /** Stateful: create one per watch. */
  public final class WatchEvents {
    private final TableConvertor convertor;
    private boolean headersSent;

    private WatchEvents(TableConvertor convertor) {
      this.convertor = convertor;
    }

    public ObjectNode convert(ObjectNode object, Instant now) {
      if ("Status".equals(object.path("kind").asText()) && "v1".equals(object.path("apiVersion").asText())) {
        return object;
      }
      ObjectNode out = switch (kind) {
        case OBJECT, PARTIAL_LIST -> object;
        case PARTIAL -> PartialObjects.of(object, apiVersion);
        case TABLE -> {
          ObjectNode t = convertor.table(List.of(object),
              headersSent ? tableOptions.withoutHeaders() : tableOptions, now);
          JsonNode rv = object.path("metadata").path("resourceVersion");
          if (!rv.asText("").isEmpty()) {
            ((ObjectNode) t.get("metadata")).put("resourceVersion", rv.asText());
          }
          yield t;
        }
      };
      headersSent = true;
      return out;
    }
  }

  /** The Go type kube-apiserver names in its 406 messages, e.g. "*core.PodList", "*apps.Deployment". */
  private static String goType(ResourceType type, boolean list) {
    String pkg = INTERNAL_PACKAGES.getOrDefault(type.group(), type.group().split("\\.")[0]);
    return "*" + pkg + "." + type.kind() + (list ? "List" : "");
  }

  /** One media range of the Accept header. */
  private record Clause(String mediaType, double q, String as, String group, String version) {
    static Clause parse(String text) {
      String[] parts = text.split(";");
      String media = parts[0].trim().toLowerCase();
      double q = 1;
      String as = null;
      String g = null;
      String v = null;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        int eq = p.indexOf('=');
        String key = eq < 0 ? p : p.substring(0, eq).trim();
        String value = eq < 0 ? "" : p.substring(eq + 1).trim();
        switch (key) {
          case "q" -> {
            try {
              q = Double.parseDouble(value);
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
          case "as" -> as = value;
          case "g" -> g = value;
          case "v" -> v = value;
          default -> {
            // stream, pretty and the like change nothing here
          }
        }
      }
      return new Clause(media, q, as, g, v);
    }

    int wildcards() {
      return mediaType.equals("*/*") ? 2 : mediaType.endsWith("/*") ? 1 : 0;
    }
  }
}
