package dev.kplane.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.time.Instant;

/** Objects for tests, as the API server stores them. */
public final class Fixtures {
  private Fixtures() {}

  public static ObjectNode object(String json) {
    return (ObjectNode) Json.parse(json.replace('\'', '"'));
  }

  /** A ReplicaSet selecting app=name, with a pod template of the same label. */
  public static ObjectNode replicaSet(String name, int replicas) {
    return object(("{'apiVersion':'apps/v1','kind':'ReplicaSet','metadata':{'name':'%s','namespace':'ns','uid':'uid-%s',"
        + "'generation':1,'creationTimestamp':'2026-01-01T00:00:00Z'},"
        + "'spec':{'replicas':%d,'selector':{'matchLabels':{'app':'%s'}},"
        + "'template':{'metadata':{'labels':{'app':'%s'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}")
        .formatted(name, name, replicas, name, name));
  }

  /** A pod labelled app=app, controlled by owner when not null. */
  public static ObjectNode pod(String name, String app, JsonNode owner) {
    ObjectNode pod = object(("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'%s','namespace':'ns','uid':'uid-%s',"
        + "'labels':{'app':'%s'},'creationTimestamp':'2026-01-01T00:00:00Z'},"
        + "'spec':{'containers':[{'name':'c','image':'busybox'}]},'status':{'phase':'Pending'}}").formatted(name, name, app));
    if (owner != null) {
      ((ObjectNode) pod.get("metadata")).putArray("ownerReferences").addObject()
          .put("apiVersion", "apps/v1").put("kind", owner.path("kind").asText())
          .put("name", owner.path("metadata").path("name").asText())
          .put("uid", owner.path("metadata").path("uid").asText()).put("controller", true);
    }
    return pod;
  }

  /** The pod on a node, Running and Ready since the given time. */
  public static ObjectNode ready(ObjectNode pod, String node, Instant since) {
    ObjectNode p = pod.deepCopy();
    ((ObjectNode) p.get("spec")).put("nodeName", node);
    ObjectNode status = p.putObject("status").put("phase", "Running");
    status.putArray("conditions").addObject().put("type", "Ready").put("status", "True")
        .put("lastTransitionTime", since.toString());
    return p;
  }

  public static ObjectNode withCreation(ObjectNode o, Instant t) {
    ObjectNode c = o.deepCopy();
    ((ObjectNode) c.get("metadata")).put("creationTimestamp", t.toString());
    return c;
  }
}
