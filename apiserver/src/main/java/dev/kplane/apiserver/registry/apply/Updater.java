package dev.kplane.apiserver.registry.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ownership bookkeeping of one write (structured-merge-diff's merge.Updater): an update gives its manager every field
 * it changed and takes them from the others; an apply merges the configuration, prunes what the applier set last time
 * and no longer sets (unless someone else owns it), and refuses to change fields others own unless forced.
 *
 * <p>The managers map passed in is not changed; results carry new maps. {@code ignored} are the fields the write
 * cannot change (status on the main resource, the rest on /status): nobody gains or loses them.
 */
final class Updater {
  private final TypeNode type;
  private final FieldSet ignored;

  Updater(TypeNode type, FieldSet ignored) {
    this.type = type;
    this.ignored = ignored;
  }

  /** The object an apply produces (null when it equals the live one) and the managers after it. */
  record Applied(JsonNode object, Map<ManagerId, Owned> managers) {}

  /** Non-apply write: newObject is what will be stored; manager gets what changed. */
  Map<ManagerId, Owned> update(JsonNode liveObject, JsonNode newObject, String version, Map<ManagerId, Owned> managers,
                               ManagerId manager) {
    Map<ManagerId, Owned> out = new LinkedHashMap<>(managers);
    Compare.Comparison c = takeChanged(liveObject, newObject, out, manager, true);
    Owned previous = out.get(manager);
    FieldSet set = (previous == null ? new FieldSet() : previous.set()).difference(c.removed())
        .union(c.modified()).union(c.added()).recursiveDifference(ignored);
    if (set.isEmpty()) {
      out.remove(manager);
    } else {
      out.put(manager, new Owned(set, version, previous == null ? null : previous.time()));
    }
    return out;
  }

  /** Apply of config to the live object by manager. */
  Applied apply(JsonNode liveObject, JsonNode config, String version, Map<ManagerId, Owned> managers,
                ManagerId manager, boolean force) {
    Map<ManagerId, Owned> out = new LinkedHashMap<>(managers);
    JsonNode merged = Merge.merge(liveObject, config, type);
    Owned last = out.get(manager);
    FieldSet set = FieldSets.of(config, type).recursiveDifference(ignored);
    out.put(manager, new Owned(set, version, last == null ? null : last.time()));
    merged = prune(merged, out, last);
    takeChanged(liveObject, merged, out, manager, force);
    return new Applied(Values.equal(orEmpty(liveObject), orEmpty(merged)) ? null : merged, out);
  }

  /**
   * Compares the versions and takes from every manager but the writer the fields that changed (a conflict unless
   * forced) and those that went. Returns the comparison.
   */
  private Compare.Comparison takeChanged(JsonNode liveObject, JsonNode newObject, Map<ManagerId, Owned> managers,
                                         ManagerId writer, boolean force) {
    Compare.Comparison c = Compare.compare(liveObject, newObject, type).excluding(ignored);
    FieldSet changed = c.modified().union(c.added());
    Map<ManagerId, FieldSet> conflicts = new HashMap<>();
    for (Map.Entry<ManagerId, Owned> e : managers.entrySet()) {
      if (e.getKey().equals(writer)) {
        continue;
      }
      FieldSet conflict = e.getValue().set().intersection(changed);
      if (!conflict.isEmpty()) {
        conflicts.put(e.getKey(), conflict);
      }
    }
    if (!force && !conflicts.isEmpty()) {
      throw Conflicts.of(conflicts);
    }
    for (Map.Entry<ManagerId, Owned> e : Map.copyOf(managers).entrySet()) {
      if (e.getKey().equals(writer)) {
        continue;
      }
      FieldSet left = e.getValue().set().difference(conflicts.getOrDefault(e.getKey(), new FieldSet()))
          .difference(c.removed());
      if (left.isEmpty()) {
        managers.remove(e.getKey());
      } else {
        managers.put(e.getKey(), e.getValue().withSet(left));
      }
    }
    return c;
  }

  /**
   * Removes what the applier set last time and not this time, unless another manager owns it (or the new
   * configuration sets it), and only where the applier owned it (addBackOwnedItems, addBackDanglingItems).
   */
  private JsonNode prune(JsonNode merged, Map<ManagerId, Owned> managers, Owned last) {
    if (last == null || last.set().isEmpty() || merged == null) {
      return merged;
    }
    JsonNode pruned = RemoveItems.remove(merged, named(last.set()), type);
    FieldSet managed = new FieldSet();
    for (Owned o : managers.values()) {
      managed = managed.union(o.set());
    }
    FieldSet mergedSet = named(FieldSets.of(merged, type));
    pruned = RemoveItems.remove(merged, mergedSet.difference(named(FieldSets.of(pruned, type)).union(named(managed))),
        type);
    FieldSet prunedSet = named(FieldSets.of(pruned, type));
    return RemoveItems.remove(merged, mergedSet.difference(prunedSet).intersection(named(last.set())), type);
  }

  private FieldSet named(FieldSet s) {
    return s.withNamedFieldsAsMembers(type);
  }

  private static JsonNode orEmpty(JsonNode v) {
    return v == null ? dev.kplane.schemas.Json.MAPPER.createObjectNode() : v;
  }
}
