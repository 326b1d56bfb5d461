package dev.kplane.apiserver.openapi;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes definition names ("io.k8s.api.apps.v1.Deployment") for the classes of the official Java client
 * ("V1Deployment"). The client's class names drop the Go package, except where two groups share a type name
 * ("CoreV1Event", "EventsV1Event"); for the rest the group comes from where the class is reached (see
 * {@link ModelDefinitions}), and the apimachinery types are named here because no group owns them.
 */
final class DefinitionNames {
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  /** Client model classes that are apimachinery's meta/v1 types, not any API group's. */
  private static final Set<String> META_TYPES = Set.of(
      "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry",
      "Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "Condition", "WatchEvent",
      "APIResource", "APIResourceList", "APIGroup", "APIGroupList", "APIVersions", "GroupVersionForDiscovery",
      "ServerAddressByClientCIDR");

  /** core/v1 types that no core type refers to, so that reachability alone would put them in their user's group. */
  private static final Set<String> CORE_TYPES_USED_ELSEWHERE =
      Set.of("TopologySelectorTerm", "TopologySelectorLabelRequirement");

  /** [Group prefix] version type: "V1Deployment", "CoreV1Event", "V1beta1DeviceCapacity". */
  private static final Pattern CLASS_NAME = Pattern.compile("^([A-Z][a-z]+)?(V\\d+(?:(?:alpha|beta)\\d+)?)([A-Z].*)$");

  private DefinitionNames() {}

  /** A client model class name split into its parts; the group is null when the name does not say it. */
  record Parsed(String groupPrefix, String version, String type) {}

  static Parsed parse(String simpleClassName) {
    Matcher m = CLASS_NAME.matcher(simpleClassName);
    if (!m.matches()) {
      return null;
    }
    return new Parsed(m.group(1), m.group(2).toLowerCase(), m.group(3));
  }

  static boolean isMeta(Parsed p) {
    return p.version().equals("v1") && META_TYPES.contains(p.type());
  }

  /** The group of a class whose name does not say it: core for the listed core types, else where it was reached. */
  static String groupOf(Parsed p, String reachedFrom) {
    if (p.groupPrefix() != null) {
      return groupOfPrefix(p.groupPrefix());
    }
    return CORE_TYPES_USED_ELSEWHERE.contains(p.type()) ? "" : reachedFrom;
  }

  /** The group a prefixed class name names: "Core" is the legacy group, the others their API group's first label. */
  private static String groupOfPrefix(String prefix) {
    return prefix.equals("Core") ? "" : prefix.toLowerCase();
  }

  /** "io.k8s.api.apps.v1.Deployment" for group "apps" (or "apps.k8s.io"-style names, by their first label). */
  static String name(String group, String version, String type) {
    return packageOf(group) + "." + version + "." + type;
  }

  private static String packageOf(String group) {
    String label = group.isEmpty() ? "core" : group.split("\\.")[0];
    return switch (label) {
      case "apiextensions" -> "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions";
      case "apiregistration" -> "io.k8s.kube-aggregator.pkg.apis.apiregistration";
      default -> "io.k8s.api." + label;
    };
  }
}
