package dev.kplane.kubelet.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The Node object and status the kubelet registers and keeps current (kubelet_node_status.go and
 * nodestatus/setters.go): labels, capacity = allocatable, addresses, daemon endpoint, node info, and the four
 * conditions with kube's reasons and messages. Pure.
 */
public final class NodeStatus {
  private NodeStatus() {}

  public static final String KUBELET_VERSION = "v1.32.0";

  /** What the node reports besides the machine: its name, resources and the runtime's version. */
  public record Facts(String nodeName, Machine machine, Map<String, String> capacity, String runtimeVersion,
      int kubeletPort) {}

  public static ObjectNode node(Facts f, Instant now) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("apiVersion", "v1").put("kind", "Node");
    ObjectNode meta = node.putObject("metadata");
    meta.put("name", f.nodeName());
    labels(meta.putObject("labels"), f);
    node.putObject("spec");
    node.set("status", status(f, null, now));
    return node;
  }

  static void labels(ObjectNode labels, Facts f) {
    labels.put("kubernetes.io/hostname", f.nodeName());
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", f.machine().architecture());
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("beta.kubernetes.io/arch", f.machine().architecture());
  }

  /** Adds the kubelet's labels to an existing node (registration of a node that already exists). */
  public static void mergeLabels(ObjectNode node, Facts f) {
    ObjectNode meta = (ObjectNode) node.get("metadata");
    JsonNode labels = meta.get("labels");
    labels(labels instanceof ObjectNode o ? o : meta.putObject("labels"), f);
  }

  /** The status; conditions keep their lastTransitionTime from the previous status while unchanged. */
  public static ObjectNode status(Facts f, JsonNode previous, Instant now) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    ObjectNode capacity = s.putObject("capacity");
    f.capacity().forEach(capacity::put);
    s.set("allocatable", capacity.deepCopy());
    ArrayNode conditions = s.putArray("conditions");
    conditions.add(condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available", now));
    conditions.add(condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure", now));
    conditions.add(condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID",
        "kubelet has sufficient PID available", now));
    conditions.add(condition(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now));
    ArrayNode addresses = s.putArray("addresses");
    addresses.addObject().put("type", "InternalIP").put("address", f.machine().hostIp());
    addresses.addObject().put("type", "Hostname").put("address", f.nodeName());
    s.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", f.kubeletPort());
    ObjectNode info = s.putObject("nodeInfo");
    info.put("machineID", f.machine().machineId());
    info.put("systemUUID", f.machine().machineId());
    info.put("bootID", f.machine().bootId());
    info.put("kernelVersion", f.machine().kernelVersion());
    info.put("osImage", f.machine().osImage());
    info.put("containerRuntimeVersion", f.runtimeVersion());
    info.put("kubeletVersion", KUBELET_VERSION);
    info.put("kubeProxyVersion", "");
    info.put("operatingSystem", "linux");
    info.put("architecture", f.machine().architecture());
    return s;
  }

  static ObjectNode condition(JsonNode previous, String type, String status, String reason, String message, Instant now) {
    String ts = time(now);
    String transition = ts;
    if (previous != null) {
      for (JsonNode c : previous.path("conditions")) {
        if (type.equals(c.path("type").asText()) && status.equals(c.path("status").asText())
            && c.hasNonNull("lastTransitionTime")) {
          transition = c.get("lastTransitionTime").asText();
        }
      }
    }
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("type", type).put("status", status).put("lastHeartbeatTime", ts).put("lastTransitionTime", transition)
        .put("reason", reason).put("message", message);
    return c;
  }

  static String time(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** A Lease's MicroTime: RFC 3339 with exactly six fractional digits. */
  public static String microTime(Instant t) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC).format(t);
  }
}
