package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.Cells.NONE;
import static dev.kplane.apiserver.table.Cells.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kplane.schemas.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** printPod: READY, the STATUS reason kubectl users know ("Init:0/1", "CrashLoopBackOff", ...), RESTARTS, AGE. */
final class PodPrinter {
  static final Printer PRINTER = Printer.of(PodPrinter::row,
      Column.nameColumn(),
      Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
      Column.string("Status", "The aggregate status of the containers in this pod."),
      Column.string("Restarts", "The number of times the containers in this pod have been restarted and when the "
          + "last container in this pod has restarted."),
      Column.ageColumn(),
      Column.string("IP", SwaggerDocs.of("core/v1.PodStatus.podIP")).wide(),
      Column.string("Node", SwaggerDocs.of("core/v1.PodSpec.nodeName")).wide(),
      Column.string("Nominated Node", SwaggerDocs.of("core/v1.PodStatus.nominatedNodeName")).wide(),
      Column.string("Readiness Gates", SwaggerDocs.of("core/v1.PodSpec.readinessGates")).wide());

  /** node.NodeUnreachablePodReason: the node controller's reason for pods on a lost node. */
  private static final String NODE_LOST = "NodeLost";

  private PodPrinter() {}

  static Row row(JsonNode pod, Instant now) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    long restarts = 0;
    long restartableInitRestarts = 0;
    int totalContainers = spec.path("containers").size();
    int readyContainers = 0;
    Instant lastRestart = null;
    Instant lastRestartableInitRestart = null;

    String phase = text(status, "phase");
    String reason = text(status, "reason").isEmpty() ? phase : text(status, "reason");
    for (JsonNode c : status.path("conditions")) {
      if ("PodScheduled".equals(text(c, "type")) && "SchedulingGated".equals(text(c, "reason"))) {
        reason = "SchedulingGated";
      }
    }

    Map<String, JsonNode> initContainers = new HashMap<>();
    for (JsonNode c : spec.path("initContainers")) {
      initContainers.put(text(c, "name"), c);
      if (restartable(c)) {
        totalContainers++;
      }
    }

    boolean initializing = false;
    JsonNode initStatuses = status.path("initContainerStatuses");
    for (int i = 0; i < initStatuses.size(); i++) {
      JsonNode c = initStatuses.get(i);
      long count = Cells.integer(c, "restartCount");
      restarts += count;
      Instant finished = lastTermination(c);
      lastRestart = later(lastRestart, finished);
      boolean restartable = restartable(initContainers.get(text(c, "name")));
      if (restartable) {
        restartableInitRestarts += count;
        lastRestartableInitRestart = later(lastRestartableInitRestart, finished);
      }
      JsonNode terminated = c.path("state").path("terminated");
      JsonNode waiting = c.path("state").path("waiting");
      if (terminated.isObject() && Cells.integer(terminated, "exitCode") == 0) {
        continue;
      }
      if (restartable && Cells.bool(c, "started")) {
        if (Cells.bool(c, "ready")) {
          readyContainers++;
        }
        continue;
      }
      if (terminated.isObject()) {
        reason = text(terminated, "reason").isEmpty()
            ? (Cells.integer(terminated, "signal") != 0 ? "Init:Signal:" + Cells.integer(terminated, "signal")
                : "Init:ExitCode:" + Cells.integer(terminated, "exitCode"))
            : "Init:" + text(terminated, "reason");
      } else if (waiting.isObject() && !text(waiting, "reason").isEmpty()
          && !"PodInitializing".equals(text(waiting, "reason"))) {
        reason = "Init:" + text(waiting, "reason");
      } else {
        reason = "Init:" + i + "/" + spec.path("initContainers").size();
      }
      initializing = true;
      break;
    }

    if (!initializing || initializedCondition(status)) {
      restarts = restartableInitRestarts;
      lastRestart = lastRestartableInitRestart;
      boolean hasRunning = false;
      JsonNode statuses = status.path("containerStatuses");
      for (int i = statuses.size() - 1; i >= 0; i--) {
        JsonNode c = statuses.get(i);
        restarts += Cells.integer(c, "restartCount");
        lastRestart = later(lastRestart, lastTermination(c));
        JsonNode waiting = c.path("state").path("waiting");
        JsonNode terminated = c.path("state").path("terminated");
        if (waiting.isObject() && !text(waiting, "reason").isEmpty()) {
          reason = text(waiting, "reason");
        } else if (terminated.isObject() && !text(terminated, "reason").isEmpty()) {
          reason = text(terminated, "reason");
        } else if (terminated.isObject()) {
          reason = Cells.integer(terminated, "signal") != 0 ? "Signal:" + Cells.integer(terminated, "signal")
              : "ExitCode:" + Cells.integer(terminated, "exitCode");
        } else if (Cells.bool(c, "ready") && c.path("state").path("running").isObject()) {
          hasRunning = true;
          readyContainers++;
        }
      }
      // a pod whose last container completed but another still runs is Running (or NotReady), not Completed
      if ("Completed".equals(reason) && hasRunning) {
        reason = Cells.condition(status.path("conditions"), "Ready") ? "Running" : "NotReady";
      }
    }

    if (Cells.deleting(pod) && NODE_LOST.equals(text(status, "reason"))) {
      reason = "Unknown";
    } else if (Cells.deleting(pod) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      reason = "Terminating";
    }

    String restartsCell = String.valueOf(restarts);
    if (restarts != 0 && lastRestart != null) {
      restartsCell = restarts + " (" + HumanDuration.format(java.time.Duration.between(lastRestart, now)) + " ago)";
    }

    String podIp = status.path("podIPs").size() > 0 ? text(status.path("podIPs").get(0), "ip")
        : text(status, "podIP");
    String nodeName = text(spec, "nodeName");
    String nominated = text(status, "nominatedNodeName");
    String gates = NONE;
    JsonNode readinessGates = spec.path("readinessGates");
    if (readinessGates.size() > 0) {
      int trueConditions = 0;
      for (JsonNode gate : readinessGates) {
        for (JsonNode c : status.path("conditions")) {
          if (text(c, "type").equals(text(gate, "conditionType"))) {
            if ("True".equals(text(c, "status"))) {
              trueConditions++;
            }
            break;
          }
        }
      }
      gates = trueConditions + "/" + readinessGates.size();
    }
    Row row = Row.of(Cells.name(pod), readyContainers + "/" + totalContainers, reason, restartsCell,
        Cells.age(pod, now), orNone(podIp), orNone(nodeName), orNone(nominated), gates);
    return new Row(row.cells(), conditions(phase));
  }

  /** The Completed row condition of a finished pod, which clients use to tell finished rows apart. */
  private static ArrayNode conditions(String phase) {
    String message = switch (phase) {
      case "Succeeded" -> "The pod has completed successfully.";
      case "Failed" -> "The pod failed.";
      default -> null;
    };
    if (message == null) {
      return null;
    }
    ArrayNode conditions = Json.MAPPER.createArrayNode();
    conditions.addObject().put("type", "Completed").put("status", "True").put("reason", phase)
        .put("message", message);
    return conditions;
  }

  /** podutil.IsRestartableInitContainer: a sidecar, an init container with restartPolicy Always. */
  private static boolean restartable(JsonNode initContainer) {
    return initContainer != null && "Always".equals(text(initContainer, "restartPolicy"));
  }

  private static boolean initializedCondition(JsonNode status) {
    for (JsonNode c : status.path("conditions")) {
      if ("Initialized".equals(text(c, "type"))) {
        return "True".equals(text(c, "status"));
      }
    }
    return false;
  }

  /** When the container last terminated (lastState.terminated.finishedAt); null stands for Go's zero time. */
  private static Instant lastTermination(JsonNode containerStatus) {
    return HumanDuration.parse(text(containerStatus.path("lastState").path("terminated"), "finishedAt"));
  }

  private static Instant later(Instant current, Instant candidate) {
    if (candidate == null) {
      return current;
    }
    return current == null || current.isBefore(candidate) ? candidate : current;
  }

  private static String orNone(String s) {
    return s.isEmpty() ? NONE : s;
  }
}
