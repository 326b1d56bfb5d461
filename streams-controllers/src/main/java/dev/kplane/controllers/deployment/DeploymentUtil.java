package dev.kplane.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.objects.Semantic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Arithmetic and annotations of rollouts (pkg/controller/deployment/util/deployment_util.go). */
public final class DeploymentUtil {
  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  public static final String POD_TEMPLATE_HASH = "pod-template-hash";
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  static final String ROLLBACK_TO = "deprecated.deployment.rollback.to";
  /** maxRevHistoryLengthInChars */
  static final int MAX_REV_HISTORY_LENGTH = 2000;
  private static final Set<String> NOT_COPIED =
      Set.of(LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO);

  /** The API server defaults both; this covers a Deployment written before defaulting. */
  private static final JsonNode DEFAULT_FENCEPOST = com.fasterxml.jackson.databind.node.TextNode.valueOf("25%");

  private DeploymentUtil() {}

  public static int replicas(JsonNode o) {
    JsonNode r = o.path("spec").path("replicas");
    return r.isMissingNode() || r.isNull() ? 1 : r.asInt();
  }

  static void setReplicas(ObjectNode rs, int n) {
    ((ObjectNode) rs.get("spec")).put("replicas", n);
  }

  static int statusInt(JsonNode o, String field) {
    return o == null ? 0 : o.path("status").path(field).asInt();
  }

  public static boolean isRollingUpdate(JsonNode d) {
    return !d.path("spec").path("strategy").path("type").asText("RollingUpdate").equals("Recreate");
  }

  /**
   * An intstr as a count of total (intstr.GetScaledValueFromIntOrPercent): an int as is, "25%" rounded up or down.
   */
  static int scaledValue(JsonNode intOrPercent, int total, boolean roundUp) {
    if (intOrPercent.isInt() || intOrPercent.isLong()) {
      return intOrPercent.asInt();
    }
    String s = intOrPercent.asText();
    if (!s.endsWith("%")) {
      throw new IllegalArgumentException("invalid value for IntOrString: invalid value \"" + s + "\"");
    }
    int percent = Integer.parseInt(s.substring(0, s.length() - 1));
    double v = percent * (double) total / 100;
    return (int) (roundUp ? Math.ceil(v) : Math.floor(v));
  }

  /** ResolveFenceposts: [maxSurge, maxUnavailable]; both zero would deadlock, so unavailable becomes 1. */
  static int[] fenceposts(JsonNode d) {
    JsonNode ru = d.path("spec").path("strategy").path("rollingUpdate");
    JsonNode surge = ru.hasNonNull("maxSurge") ? ru.get("maxSurge") : DEFAULT_FENCEPOST;
    JsonNode unavailable = ru.hasNonNull("maxUnavailable") ? ru.get("maxUnavailable") : DEFAULT_FENCEPOST;
    int desired = replicas(d);
    int s = scaledValue(surge, desired, true);
    int u = scaledValue(unavailable, desired, false);
    if (s == 0 && u == 0) {
      u = 1;
    }
    return new int[] {s, u};
  }

  public static int maxSurge(JsonNode d) {
    return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
  }

  public static int maxUnavailable(JsonNode d) {
    if (!isRollingUpdate(d) || replicas(d) == 0) {
      return 0;
    }
    return Math.min(fenceposts(d)[1], replicas(d));
  }

  /** NewRSNewReplicas: how big the new ReplicaSet may be now. */
  public static int newRSNewReplicas(JsonNode d, List<? extends JsonNode> allRSs, JsonNode newRS) {
    if (!isRollingUpdate(d)) {
      return replicas(d);
    }
    int current = specReplicas(allRSs);
    int maxTotal = replicas(d) + maxSurge(d);
    if (current >= maxTotal) {
      return replicas(newRS);
    }
    int scaleUp = Math.min(maxTotal - current, replicas(d) - replicas(newRS));
    return replicas(newRS) + scaleUp;
  }

  /** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
  static int specReplicas(List<? extends JsonNode> rss) {
    return rss.stream().filter(java.util.Objects::nonNull).mapToInt(DeploymentUtil::replicas).sum();
  }

  static int statusSum(List<? extends JsonNode> rss, String field) {
    return rss.stream().filter(java.util.Objects::nonNull).mapToInt(rs -> statusInt(rs, field)).sum();
  }

  static List<ObjectNode> active(List<ObjectNode> rss) {
    return rss.stream().filter(rs -> rs != null && replicas(rs) > 0).toList();
  }

  /** IsSaturated: the new ReplicaSet has all the Deployment's replicas, desired and available. */
  static boolean isSaturated(JsonNode d, JsonNode rs) {
    if (rs == null) {
      return false;
    }
    String desired = Objects.annotation(rs, DESIRED_REPLICAS);
    return String.valueOf(replicas(d)).equals(desired) && replicas(rs) == replicas(d)
        && statusInt(rs, "availableReplicas") == replicas(d);
  }

  public static long revision(JsonNode o) {
    String v = Objects.annotation(o, REVISION);
    try {
      return v == null ? 0 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static long maxRevision(List<ObjectNode> rss) {
    return rss.stream().mapToLong(DeploymentUtil::revision).max().orElse(0);
  }

  /** Templates equal but for the pod-template-hash label (EqualIgnoreHash). */
  static boolean equalIgnoreHash(JsonNode a, JsonNode b) {
    return Semantic.equal(withoutHash(a), withoutHash(b));
  }

  static JsonNode withoutHash(JsonNode template) {
    ObjectNode t = template.deepCopy();
    if (t.path("metadata").get("labels") instanceof ObjectNode labels) {
      labels.remove(POD_TEMPLATE_HASH);
      if (labels.isEmpty()) {
        ((ObjectNode) t.get("metadata")).remove("labels");
      }
    }
    if (t.get("metadata") instanceof ObjectNode m && m.isEmpty()) {
      t.remove("metadata");
    }
    return t;
  }

  static final Comparator<JsonNode> BY_CREATION = Comparator
      .comparing((JsonNode rs) -> Objects.creationTimestamp(rs), Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Objects::name);

  static final Comparator<JsonNode> BY_REVISION =
      Comparator.comparingLong(DeploymentUtil::revision).thenComparing(BY_CREATION);

  /** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
  static ObjectNode findNewReplicaSet(JsonNode d, List<ObjectNode> rsList) {
    List<ObjectNode> sorted = new ArrayList<>(rsList);
    sorted.sort(BY_CREATION);
    for (ObjectNode rs : sorted) {
      if (equalIgnoreHash(rs.path("spec").path("template"), d.path("spec").path("template"))) {
        return rs;
      }
    }
    return null;
  }

  /** All but the new ReplicaSet. */
  static List<ObjectNode> oldReplicaSets(List<ObjectNode> rsList, JsonNode newRS) {
    return rsList.stream().filter(rs -> newRS == null || !Objects.name(rs).equals(Objects.name(newRS))).toList();
  }

  static boolean hasProgressDeadline(JsonNode d) {
    JsonNode p = d.path("spec").path("progressDeadlineSeconds");
    return !p.isMissingNode() && !p.isNull() && p.asLong() != Integer.MAX_VALUE;
  }

  static boolean hasRevisionHistoryLimit(JsonNode d) {
    JsonNode l = d.path("spec").path("revisionHistoryLimit");
    return !l.isMissingNode() && !l.isNull() && l.asLong() != Integer.MAX_VALUE;
  }

  static ObjectNode annotations(ObjectNode o) {
    ObjectNode meta = Objects.metadata(o);
    return meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
  }

  /** SetReplicasAnnotations; true when something changed. */
  static boolean setReplicasAnnotations(ObjectNode rs, int desired, int max) {
    boolean changed = false;
    ObjectNode a = annotations(rs);
    if (!String.valueOf(desired).equals(a.path(DESIRED_REPLICAS).asText(null))) {
      a.put(DESIRED_REPLICAS, String.valueOf(desired));
      changed = true;
    }
    if (!String.valueOf(max).equals(a.path(MAX_REPLICAS).asText(null))) {
      a.put(MAX_REPLICAS, String.valueOf(max));
      changed = true;
    }
    return changed;
  }

  static boolean replicasAnnotationsNeedUpdate(JsonNode rs, int desired, int max) {
    return !String.valueOf(desired).equals(Objects.annotation(rs, DESIRED_REPLICAS))
        || !String.valueOf(max).equals(Objects.annotation(rs, MAX_REPLICAS));
  }

  /** copyDeploymentAnnotationsToReplicaSet: the Deployment's annotations but the rollout ones; true if changed. */
  static boolean copyDeploymentAnnotations(JsonNode d, ObjectNode rs) {
    boolean changed = false;
    ObjectNode a = annotations(rs);
    var it = Objects.meta(d).path("annotations").fields();
    while (it.hasNext()) {
      var e = it.next();
      if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(a.get(e.getKey()))) {
        continue;
      }
      a.set(e.getKey(), e.getValue());
      changed = true;
    }
    return changed;
  }

  /** SetNewReplicaSetAnnotations; true when the ReplicaSet changed. */
  static boolean setNewReplicaSetAnnotations(JsonNode d, ObjectNode rs, String newRevision, boolean exists) {
    boolean changed = copyDeploymentAnnotations(d, rs);
    ObjectNode a = annotations(rs);
    String oldRevision = a.path(REVISION).asText(null);
    long oldRev;
    try {
      oldRev = oldRevision == null ? 0 : Long.parseLong(oldRevision);
    } catch (NumberFormatException e) {
      return false;
    }
    long newRev = Long.parseLong(newRevision);
    if (oldRev < newRev) {
      a.put(REVISION, newRevision);
      changed = true;
    }
    if (oldRevision != null && oldRev < newRev) {
      String history = a.path(REVISION_HISTORY).asText("");
      if (history.isEmpty()) {
        a.put(REVISION_HISTORY, oldRevision);
      } else {
        List<String> old = new ArrayList<>(List.of(history.split(",", -1)));
        int total = history.length() + oldRevision.length() + 1;
        int start = 0;
        while (total > MAX_REV_HISTORY_LENGTH && start < old.size()) {
          total -= old.get(start).length() + 1;
          start++;
        }
        if (total <= MAX_REV_HISTORY_LENGTH) {
          List<String> kept = new ArrayList<>(old.subList(start, old.size()));
          kept.add(oldRevision);
          a.put(REVISION_HISTORY, String.join(",", kept));
        }
      }
    }
    if (!exists && setReplicasAnnotations(rs, replicas(d), replicas(d) + maxSurge(d))) {
      changed = true;
    }
    return changed;
  }

  /** GetReplicaSetProportion: this ReplicaSet's share of replicas to add (or remove) in a proportional scale. */
  static int proportion(JsonNode rs, JsonNode d, int toAdd, int added) {
    if (rs == null || replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
      return 0;
    }
    int fraction = fraction(rs, d);
    int allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  private static int fraction(JsonNode rs, JsonNode d) {
    if (replicas(d) == 0) {
      return -replicas(rs);
    }
    int max = replicas(d) + maxSurge(d);
    int before;
    try {
      String v = Objects.annotation(rs, MAX_REPLICAS);
      before = v == null ? 0 : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      before = 0;
    }
    if (before == 0) {
      before = statusInt(d, "replicas");
      if (before == 0) {
        return 0;
      }
    }
    double size = (double) replicas(rs) * max / before;
    return (int) Math.round(size) - replicas(rs);
  }
}
