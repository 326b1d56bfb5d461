package dev.kplane.apiserver.registry.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import dev.kplane.apiserver.cache.CachedObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * kube-apiserver's Priority admission (plugin/pkg/admission/priority): a new pod gets spec.priority and
 * spec.preemptionPolicy from its PriorityClass, or from the global default class (whose name it then carries)
 * when it names none, or priority 0 when there is no default. An unknown class, or a priority or preemption
 * policy the pod sets that disagrees with its class, is refused. An update keeps what the create resolved. A
 * second globalDefault class is refused.
 */
public final class Priority implements Admission {
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  static final ResourceType PRIORITY_CLASSES = BuiltinResources.find("scheduling.k8s.io", "priorityclasses")
      .orElseThrow();
  /** The values of the built-in classes (scheduling.SystemPriorityClasses); only they may be named "system-...". */
  public static final Map<String, Long> SYSTEM_PRIORITIES =
      Map.of("system-node-critical", 2000001000L, "system-cluster-critical", 2000000000L);
  /** The classes kube-apiserver creates at start (scheduling/bootstrap-system-priority-classes). */
  public static final List<ObjectNode> SYSTEM_CLASSES = List.of(
      systemClass("system-node-critical", "Used for system critical pods that must not be moved from their current node."),
      systemClass("system-cluster-critical", "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."));

  private final ObjectStore store;

  public Priority(ObjectStore store) {
    this.store = store;
  }

  @Override
  public Runnable admit(ResourceType type, ObjectNode obj, ObjectNode old, RequestContext ctx) {
    if (type.equals(PODS)) {
      resolve(obj, old, this::priorityClass, () -> globalDefault(classes()));
    } else if (type.equals(PRIORITY_CLASSES)) {
      checkSingleDefault(obj, globalDefault(classes()));
    }
    return NOTHING;
  }

  private List<ObjectNode> classes() {
    return store.notOlderThan(PRIORITY_CLASSES, 0).current().objects().values().stream()
        .map(CachedObject::object).toList();
  }

  /** validatePriorityClass: a class may become the global default only while no other one is. */
  static void checkSingleDefault(ObjectNode pc, ObjectNode currentDefault) {
    String name = pc.path("metadata").path("name").asText("");
    if (pc.path("globalDefault").asBoolean(false) && currentDefault != null
        && !currentDefault.path("metadata").path("name").asText().equals(name)) {
      throw Status.forbidden(PRIORITY_CLASSES, name, "PriorityClass "
          + currentDefault.path("metadata").path("name").asText() + " is already marked as default. Only one default can exist");
    }
  }

  /** Looks in the cache first and, on a miss, reads consistently: a class created just before the pod is found. */
  private ObjectNode priorityClass(String name) {
    try {
      return store.get(PRIORITY_CLASSES, null, name, "0");
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    try {
      return store.get(PRIORITY_CLASSES, null, name, null);
    } catch (ApiException e) {
      if (e.code() == 404) {
        return null;
      }
      throw e;
    }
  }

  /**
   * admitPod: on create (old == null) fills the pod's priority fields from the class named (looked up with
   * classes, null when there is none) or the default class; on update restores what the create set.
   */
  static void resolve(ObjectNode pod, ObjectNode old, Function<String, ObjectNode> classes,
      Supplier<ObjectNode> defaultClass) {
    ObjectNode spec = pod.with("spec");
    if (old != null) {
      // validation forbids changing them; an update that leaves them out keeps them
      JsonNode oldSpec = old.path("spec");
      for (String field : List.of("priority", "preemptionPolicy")) {
        if (spec.path(field).isMissingNode() || spec.path(field).isNull()) {
          if (oldSpec.hasNonNull(field)) {
            spec.set(field, oldSpec.get(field));
          }
        }
      }
      return;
    }
    String name = spec.path("priorityClassName").asText("");
    ObjectNode pc;
    if (name.isEmpty()) {
      pc = defaultClass.get();
      if (pc != null) {
        spec.put("priorityClassName", pc.path("metadata").path("name").asText());
      }
    } else {
      pc = classes.apply(name);
      if (pc == null) {
        throw forbidden(pod, "no PriorityClass with name " + name + " was found");
      }
    }
    int priority = pc == null ? 0 : pc.path("value").asInt();
    if (spec.hasNonNull("priority") && spec.get("priority").asInt() != priority) {
      throw forbidden(pod, "the integer value of priority (" + spec.get("priority").asInt() + ") must not be "
          + "provided in pod spec; priority admission controller computed " + priority
          + " from the given PriorityClass name");
    }
    spec.put("priority", priority);
    if (pc != null) {
      // a stored PriorityClass always has one (defaulting); PreemptLowerPriority is that default
      String policy = pc.path("preemptionPolicy").asText("PreemptLowerPriority");
      if (spec.hasNonNull("preemptionPolicy") && !spec.get("preemptionPolicy").asText().equals(policy)) {
        throw forbidden(pod, "the string value of PreemptionPolicy (" + spec.get("preemptionPolicy").asText()
            + ") must not be provided in pod spec; priority admission controller computed " + policy
            + " from the given PriorityClass name");
      }
      spec.put("preemptionPolicy", policy);
    }
  }

  /** getDefaultPriorityClass: the globalDefault class; if a race left several, the one of the lowest value. */
  static ObjectNode globalDefault(Collection<ObjectNode> classes) {
    ObjectNode best = null;
    for (ObjectNode pc : classes) {
      if (pc.path("globalDefault").asBoolean(false)
          && (best == null || pc.path("value").asInt() < best.path("value").asInt())) {
        best = pc;
      }
    }
    return best;
  }

  private static ApiException forbidden(ObjectNode pod, String detail) {
    return Status.forbidden(PODS, pod.path("metadata").path("name").asText(""), detail);
  }

  private static ObjectNode systemClass(String name, String description) {
    ObjectNode pc = dev.kplane.schemas.Json.MAPPER.createObjectNode().put("apiVersion", "scheduling.k8s.io/v1")
        .put("kind", "PriorityClass");
    pc.putObject("metadata").put("name", name);
    return pc.put("value", SYSTEM_PRIORITIES.get(name)).put("description", description).put("preemptionPolicy", "PreemptLowerPriority");
  }
}
