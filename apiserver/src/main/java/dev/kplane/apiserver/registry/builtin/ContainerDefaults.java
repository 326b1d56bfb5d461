package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** SetDefaults_Container and what zz_generated.defaults.go applies inside each container (core/v1, 1.32). */
final class ContainerDefaults {
  private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");

  private ContainerDefaults() {}

  static void apply(ObjectNode c) {
    Nodes.defaultString(c, "imagePullPolicy", isLatestTag(Nodes.text(c, "image")) ? "Always" : "IfNotPresent");
    Nodes.defaultString(c, "terminationMessagePath", "/dev/termination-log");
    Nodes.defaultString(c, "terminationMessagePolicy", "File");
    for (ObjectNode port : Nodes.items(c, "ports")) {
      Nodes.defaultString(port, "protocol", "TCP");
    }
    for (ObjectNode env : Nodes.items(c, "env")) {
      fieldRef(Nodes.child(Nodes.child(env, "valueFrom"), "fieldRef"));
    }
    ObjectNode resources = Nodes.child(c, "resources");
    if (resources != null) {
      ResourceLists.roundUp(resources, "limits");
      ResourceLists.roundUp(resources, "requests");
    }
    for (String p : PROBES) {
      ObjectNode probe = Nodes.child(c, p);
      if (probe != null) {
        probe(probe);
      }
    }
    ObjectNode lifecycle = Nodes.child(c, "lifecycle");
    for (String hook : List.of("postStart", "preStop")) {
      httpGet(Nodes.child(Nodes.child(lifecycle, hook), "httpGet"));
    }
  }

  /** SetDefaults_Pod: a container with limits but no request for a resource requests its limit. */
  static void requestsFromLimits(ObjectNode c) {
    ObjectNode resources = Nodes.child(c, "resources");
    ObjectNode limits = Nodes.child(resources, "limits");
    if (limits == null) {
      return;
    }
    ObjectNode requests = Nodes.childOrCreate(resources, "requests");
    limits.fields().forEachRemaining(e -> {
      if (!requests.has(e.getKey())) {
        requests.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    if (requests.isEmpty()) {
      resources.remove("requests"); // an empty map is omitted from the JSON
    }
  }

  /** SetDefaults_Probe plus the handler defaults (httpGet path and scheme, grpc service ""). */
  private static void probe(ObjectNode probe) {
    Nodes.defaultNonZero(probe, "timeoutSeconds", 1);
    Nodes.defaultNonZero(probe, "periodSeconds", 10);
    Nodes.defaultNonZero(probe, "successThreshold", 1);
    Nodes.defaultNonZero(probe, "failureThreshold", 3);
    httpGet(Nodes.child(probe, "httpGet"));
    ObjectNode grpc = Nodes.child(probe, "grpc");
    if (grpc != null && Nodes.isUnset(grpc, "service")) {
      grpc.put("service", "");
    }
  }

  private static void httpGet(ObjectNode action) {
    if (action != null) {
      Nodes.defaultString(action, "path", "/");
      Nodes.defaultString(action, "scheme", "HTTP");
    }
  }

  /** SetDefaults_ObjectFieldSelector. */
  static void fieldRef(ObjectNode ref) {
    if (ref != null) {
      Nodes.defaultString(ref, "apiVersion", "v1");
    }
  }

  /**
   * parsers.ParseImageName's tag: the tag after the last ':' of the last path component, "latest" when the
   * reference has neither tag nor digest, and none when it does not parse (then IfNotPresent applies).
   */
  static boolean isLatestTag(String image) {
    if (image.isEmpty() || !image.equals(image.strip())) {
      return false;
    }
    int at = image.indexOf('@');
    String named = at >= 0 ? image.substring(0, at) : image;
    int colon = named.lastIndexOf(':');
    boolean tagged = colon > named.lastIndexOf('/');
    String repository = tagged ? named.substring(0, colon) : named;
    String path = repository.contains("/") ? repository.substring(repository.indexOf('/') + 1) : repository;
    if (repository.isEmpty() || !path.equals(path.toLowerCase())) {
      return false;
    }
    if (tagged) {
      return named.substring(colon + 1).equals("latest");
    }
    return at < 0;
  }
}
