package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * metadata.managedFields as kube keeps it: decoding entries into managers, encoding them back in kube's order
 * (operation, time, manager, apiVersion, subresource), the reset a client asks for with {@code []} or {@code [{}]},
 * and the cap on how many Update entries an object keeps.
 */
public final class ManagedFields {
  /** kube's DefaultMaxUpdateManagers. */
  static final int MAX_UPDATE_MANAGERS = 10;
  /** The manager that the oldest Update entries are merged into, per API version. */
  static final String ANCIENT_CHANGES = "ancient-changes";

  private ManagedFields() {}

  /** The managers of an entry list; a malformed one is an IllegalArgumentException with kube's message. */
  public static Map<ManagerId, Owned> decode(JsonNode entries) {
    Map<ManagerId, Owned> out = new LinkedHashMap<>();
    if (entries == null || !entries.isArray()) {
      return out;
    }
    for (int i = 0; i < entries.size(); i++) {
      JsonNode e = entries.get(i);
      String operation = e.path("operation").asText("");
      if (!operation.equals(ManagerId.APPLY) && !operation.equals(ManagerId.UPDATE)) {
        throw new IllegalArgumentException("operation must be `Apply` or `Update`");
      }
      String apiVersion = e.path("apiVersion").asText("");
      if (apiVersion.isEmpty()) {
        throw new IllegalArgumentException("apiVersion must not be empty");
      }
      String fieldsType = e.path("fieldsType").asText("");
      if (fieldsType.isEmpty()) {
        throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
      }
      if (!fieldsType.equals("FieldsV1")) {
        throw new IllegalArgumentException("invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + i);
      }
      String manager = e.path("manager").asText("");
      String subresource = e.path("subresource").asText("");
      ManagerId id = operation.equals(ManagerId.APPLY) ? ManagerId.apply(manager, subresource)
          : ManagerId.update(manager, apiVersion, subresource);
      String time = e.hasNonNull("time") ? e.get("time").asText() : null;
      out.put(id, new Owned(FieldsV1.read(e.get("fieldsV1")), apiVersion, time));
    }
    return out;
  }

  /** The entry list of managers, sorted as kube sorts it; null when there are none. */
  public static ArrayNode encode(Map<ManagerId, Owned> managers) {
    if (managers.isEmpty()) {
      return null;
    }
    List<Map.Entry<ManagerId, Owned>> sorted = new ArrayList<>(managers.entrySet());
    sorted.sort(Comparator.<Map.Entry<ManagerId, Owned>, String>comparing(e -> e.getKey().operation())
        .thenComparingLong(e -> seconds(e.getValue().time()))
        .thenComparing(e -> e.getKey().manager())
        .thenComparing(e -> e.getValue().apiVersion())
        .thenComparing(e -> e.getKey().subresource()));
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (Map.Entry<ManagerId, Owned> e : sorted) {
      ObjectNode entry = out.addObject();
      entry.put("manager", e.getKey().manager());
      entry.put("operation", e.getKey().operation());
      entry.put("apiVersion", e.getValue().apiVersion());
      if (e.getValue().time() != null) {
        entry.put("time", e.getValue().time());
      }
      entry.put("fieldsType", "FieldsV1");
      entry.set("fieldsV1", FieldsV1.write(e.getValue().set()));
      if (!e.getKey().subresource().isEmpty()) {
        entry.put("subresource", e.getKey().subresource());
      }
    }
    return out;
  }

  private static long seconds(String time) {
    try {
      return time == null ? 0 : Instant.parse(time).getEpochSecond();
    } catch (java.time.format.DateTimeParseException e) {
      return 0;
    }
  }

  /** A client resets managedFields by sending an empty list or a list of one empty entry. */
  public static boolean isReset(JsonNode entries) {
    if (entries == null || !entries.isArray()) {
      return false;
    }
    return entries.isEmpty() || (entries.size() == 1 && entries.get(0).isObject() && entries.get(0).isEmpty());
  }

  /**
   * At most {@link #MAX_UPDATE_MANAGERS} Update entries: the oldest are merged, per API version, into an
   * "ancient-changes" entry (kube's capManagersManager). The first old entry of a version is only renamed into the
   * bucket once a second one joins it.
   */
  static Map<ManagerId, Owned> capUpdateManagers(Map<ManagerId, Owned> managers) {
    List<ManagerId> updaters = new ArrayList<>(managers.keySet().stream().filter(m -> !m.applied()).toList());
    if (updaters.size() <= MAX_UPDATE_MANAGERS) {
      return managers;
    }
    updaters.sort(Comparator.<ManagerId>comparingLong(m -> seconds(managers.get(m).time()))
        .thenComparing(ManagerId::identifier));
    Map<ManagerId, Owned> out = new LinkedHashMap<>(managers);
    Map<String, ManagerId> firstOfVersion = new HashMap<>();
    int length = updaters.size();
    for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
      ManagerId m = updaters.get(i);
      Owned owned = out.get(m);
      String version = owned.apiVersion();
      ManagerId bucket = ManagerId.update(ANCIENT_CHANGES, version, "");
      ManagerId first = firstOfVersion.get(version);
      if (first == null) {
        firstOfVersion.put(version, m);
        continue;
      }
      if (!out.containsKey(bucket)) {
        out.put(bucket, out.remove(first));
      }
      out.put(bucket, new Owned(owned.set().union(out.get(bucket).set()), version, owned.time()));
      out.remove(m);
      length--;
    }
    return out;
  }
}
