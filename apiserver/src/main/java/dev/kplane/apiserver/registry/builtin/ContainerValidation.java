package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.NameValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** validateContainerCommon and what it calls (pkg/apis/core/validation, 1.32), in kube's order. */
final class ContainerValidation {
  private static final Pattern PORT_NAME_CHARS = Pattern.compile("[-a-z0-9]+");
  private static final Pattern RELAXED_ENV_NAME = Pattern.compile("[ -<>-~]+");
  private static final String PORT_RANGE = "must be between 1 and 65535, inclusive";
  private static final List<String> STANDARD_CONTAINER_RESOURCES = List.of("cpu", "memory", "ephemeral-storage");
  private static final List<String> STANDARD_RESOURCES = List.of("cpu", "memory", "ephemeral-storage",
      "requests.cpu", "requests.memory", "requests.ephemeral-storage", "requests.storage", "limits.cpu",
      "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers", "resourcequotas",
      "secrets", "configmaps", "persistentvolumeclaims", "storage", "services.nodeports",
      "services.loadbalancers");

  private ContainerValidation() {}

  static void common(List<FieldError> errs, ObjectNode c, Set<String> volumes, String path) {
    String name = Nodes.text(c, "name");
    if (name.isEmpty()) {
      errs.add(FieldError.required(path + ".name", ""));
    } else {
      Errs.dnsLabel(errs, name, path + ".name");
    }
    if (Nodes.isEmptyString(c, "image")) {
      errs.add(FieldError.required(path + ".image", ""));
    }
    PodSpecValidation.enumValue(errs, Nodes.text(c, "terminationMessagePolicy"),
        List.of("File", "FallbackToLogsOnError"), path + ".terminationMessagePolicy");
    ports(errs, c, path + ".ports");
    env(errs, c, path + ".env");
    volumeMounts(errs, c, volumes, path + ".volumeMounts");
    PodSpecValidation.enumValue(errs, Nodes.text(c, "imagePullPolicy"), List.of("Always", "IfNotPresent", "Never"),
        path + ".imagePullPolicy");
    resources(errs, c.path("resources"), path + ".resources");
  }

  /** Pods only (not templates): the image may not carry surrounding whitespace. */
  static void imageWhitespace(List<FieldError> errs, ObjectNode c, String path) {
    String image = Nodes.text(c, "image");
    if (!image.equals(image.strip())) {
      errs.add(FieldError.invalid(path + ".image", image, "must not have leading or trailing whitespace"));
    }
  }

  /** Liveness and startup probes must have successThreshold 1. */
  static void probes(List<FieldError> errs, ObjectNode c, String path) {
    for (String p : List.of("livenessProbe", "startupProbe")) {
      JsonNode threshold = c.path(p).get("successThreshold");
      if (threshold != null && threshold.isNumber() && threshold.asLong() != 1) {
        errs.add(FieldError.invalid(path + "." + p + ".successThreshold", threshold.asLong(), "must be 1"));
      }
    }
  }

  private static void ports(List<FieldError> errs, ObjectNode c, String path) {
    Set<String> names = new HashSet<>();
    List<ObjectNode> ports = Nodes.items(c, "ports");
    for (int i = 0; i < ports.size(); i++) {
      ObjectNode port = ports.get(i);
      String idx = Errs.index(path, i);
      String name = Nodes.text(port, "name");
      if (!name.isEmpty()) {
        List<String> msgs = portNameErrors(name);
        if (!msgs.isEmpty()) {
          msgs.forEach(m -> errs.add(FieldError.invalid(idx + ".name", name, m)));
        } else if (!names.add(name)) {
          errs.add(Errs.duplicate(idx + ".name", name));
        }
      }
      long containerPort = port.path("containerPort").asLong(0);
      if (containerPort == 0) {
        errs.add(FieldError.required(idx + ".containerPort", ""));
      } else if (!isPortNum(containerPort)) {
        errs.add(FieldError.invalid(idx + ".containerPort", containerPort, PORT_RANGE));
      }
      long hostPort = port.path("hostPort").asLong(0);
      if (hostPort != 0 && !isPortNum(hostPort)) {
        errs.add(FieldError.invalid(idx + ".hostPort", hostPort, PORT_RANGE));
      }
      String protocol = Nodes.text(port, "protocol");
      if (protocol.isEmpty()) {
        errs.add(FieldError.required(idx + ".protocol", ""));
      } else if (!PodSpecValidation.PROTOCOLS.contains(protocol)) {
        errs.add(Errs.notSupported(idx + ".protocol", protocol, PodSpecValidation.PROTOCOLS));
      }
    }
  }

  static boolean isPortNum(long port) {
    return port >= 1 && port <= 65535;
  }

  /** validation.IsValidPortName (IANA service names). */
  static List<String> portNameErrors(String port) {
    List<String> errs = new ArrayList<>();
    if (port.length() > 15) {
      errs.add("must be no more than 15 characters");
    }
    if (!PORT_NAME_CHARS.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!port.matches(".*[a-z].*")) {
      errs.add("must contain at least one letter (a-z)");
    }
    if (port.contains("--")) {
      errs.add("must not contain consecutive hyphens");
    }
    if (!port.isEmpty() && (port.startsWith("-") || port.endsWith("-"))) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  /** ValidateEnv with RelaxedEnvironmentVariableValidation (beta, on in 1.32): printable ASCII but '='. */
  private static void env(List<FieldError> errs, ObjectNode c, String path) {
    List<ObjectNode> vars = Nodes.items(c, "env");
    for (int i = 0; i < vars.size(); i++) {
      ObjectNode ev = vars.get(i);
      String idx = Errs.index(path, i);
      String name = Nodes.text(ev, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(idx + ".name", ""));
      } else if (!RELAXED_ENV_NAME.matcher(name).matches()) {
        errs.add(FieldError.invalid(idx + ".name", name,
            "a valid environment variable name must consist only of printable ASCII characters other than '='"));
      }
      ObjectNode from = Nodes.child(ev, "valueFrom");
      if (from == null) {
        continue;
      }
      int sources = 0;
      for (String s : List.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")) {
        sources += Nodes.child(from, s) != null ? 1 : 0;
      }
      if (sources == 0) {
        errs.add(FieldError.invalid(idx + ".valueFrom", "",
            "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
      } else if (!Nodes.isEmptyString(ev, "value")) {
        errs.add(FieldError.invalid(idx + ".valueFrom", "", "may not be specified when `value` is not empty"));
      } else if (sources > 1) {
        errs.add(FieldError.invalid(idx + ".valueFrom", "", "may not have more than one field specified at a time"));
      }
    }
  }

  private static void volumeMounts(List<FieldError> errs, ObjectNode c, Set<String> volumes, String path) {
    Set<String> mountPoints = new HashSet<>();
    List<ObjectNode> mounts = Nodes.items(c, "volumeMounts");
    for (int i = 0; i < mounts.size(); i++) {
      ObjectNode m = mounts.get(i);
      String idx = Errs.index(path, i);
      String name = Nodes.text(m, "name");
      if (name.isEmpty()) {
        errs.add(FieldError.required(idx + ".name", ""));
      }
      if (!volumes.contains(name)) {
        errs.add(Errs.notFound(idx + ".name", name));
      }
      String mountPath = Nodes.text(m, "mountPath");
      if (mountPath.isEmpty()) {
        errs.add(FieldError.required(idx + ".mountPath", ""));
      }
      if (!mountPoints.add(mountPath)) {
        errs.add(FieldError.invalid(idx + ".mountPath", mountPath, "must be unique"));
      }
    }
  }

  /** ValidateResourceRequirements: names, non-negative quantities, request not above (or, if not overcommittable, equal to) the limit. */
  static void resources(List<FieldError> errs, JsonNode resources, String path) {
    JsonNode limits = resources.path("limits");
    JsonNode requests = resources.path("requests");
    limits.fields().forEachRemaining(e -> quantity(errs, e.getKey(), e.getValue(), path + ".limits[" + e.getKey() + "]"));
    requests.fields().forEachRemaining(e -> {
      String name = e.getKey();
      quantity(errs, name, e.getValue(), path + ".requests[" + name + "]");
      JsonNode limitNode = limits.get(name);
      if (limitNode == null) {
        if (!isOvercommitAllowed(name)) {
          errs.add(FieldError.required(path + ".limits", "Limit must be set for non overcommitable resources"));
        }
        return;
      }
      Quantity request = parseOrNull(e.getValue());
      Quantity limit = parseOrNull(limitNode);
      if (request == null || limit == null) {
        return;
      }
      if (request.compareTo(limit) != 0 && !isOvercommitAllowed(name)) {
        errs.add(FieldError.invalid(path + ".requests", request.toString(),
            "must be equal to " + name + " limit of " + limit));
      } else if (request.compareTo(limit) > 0) {
        errs.add(FieldError.invalid(path + ".requests", request.toString(),
            "must be less than or equal to " + name + " limit of " + limit));
      }
    });
  }

  private static void quantity(List<FieldError> errs, String name, JsonNode value, String path) {
    resourceName(errs, name, path);
    Quantity q = parseOrNull(value);
    if (q == null) {
      errs.add(FieldError.invalid(path, value.asText(), Quantity.FORMAT_ERROR));
      return;
    }
    if (q.value().signum() < 0) {
      errs.add(FieldError.invalid(path, q.toString(), Errs.NEGATIVE));
    }
    if (!isNative(name) && q.value().stripTrailingZeros().scale() > 0) {
      errs.add(FieldError.invalid(path, new FieldError.GoValue(q.toString()), "must be an integer"));
    }
  }

  /** validateContainerResourceName. */
  private static void resourceName(List<FieldError> errs, String name, String path) {
    List<String> msgs = NameValidation.isQualifiedName(name);
    if (!msgs.isEmpty()) {
      msgs.forEach(m -> errs.add(FieldError.invalid(path, name, m)));
      return;
    }
    boolean hugePages = name.startsWith("hugepages-");
    if (!name.contains("/")) {
      if (!STANDARD_RESOURCES.contains(name) && !hugePages) {
        errs.add(FieldError.invalid(path, name, "must be a standard resource type or fully qualified"));
      }
      if (!STANDARD_CONTAINER_RESOURCES.contains(name) && !hugePages) {
        errs.add(FieldError.invalid(path, name, "must be a standard resource for containers"));
      }
    } else if (!isNative(name) && (name.startsWith("requests.")
        || !NameValidation.isQualifiedName("requests." + name).isEmpty())) {
      errs.add(FieldError.invalid(path, name, "doesn't follow extended resource name standard"));
    }
  }

  private static boolean isNative(String name) {
    return !name.contains("/") || name.startsWith("kubernetes.io/");
  }

  private static boolean isOvercommitAllowed(String name) {
    return isNative(name) && !name.startsWith("hugepages-");
  }

  private static Quantity parseOrNull(JsonNode n) {
    try {
      return ResourceLists.parse(n);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
