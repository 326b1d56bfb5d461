package dev.kplane.apiserver.registry.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.ResourceType;

/**
 * kube-apiserver's DefaultTolerationSeconds admission (plugin/pkg/admission/defaulttolerationseconds): a pod that
 * does not tolerate the not-ready and unreachable NoExecute taints gets tolerations for them of 300 s, so the node
 * lifecycle controller's taints evict it five minutes after its node is lost.
 */
public final class DefaultTolerationSeconds implements Admission {
  static final String NOT_READY = "node.kubernetes.io/not-ready";
  static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  static final long SECONDS = 300;

  @Override
  public Runnable admit(ResourceType type, ObjectNode obj, ObjectNode old, RequestContext ctx) {
    // creates only: upstream also admits updates of the main resource, which here cannot be told from status writes
    if (old == null && type.group().isEmpty() && type.resource().equals("pods")) {
      addDefaults(obj);
    }
    return NOTHING;
  }

  static void addDefaults(ObjectNode pod) {
    boolean notReady = false;
    boolean unreachable = false;
    for (JsonNode t : pod.path("spec").path("tolerations")) {
      String key = t.path("key").asText("");
      String effect = t.path("effect").asText("");
      boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
      notReady |= noExecute && (key.isEmpty() || key.equals(NOT_READY));
      unreachable |= noExecute && (key.isEmpty() || key.equals(UNREACHABLE));
    }
    if (notReady && unreachable) {
      return;
    }
    ArrayNode tolerations = pod.withObjectProperty("spec").withArrayProperty("tolerations");
    if (!notReady) {
      tolerations.addObject().put("key", NOT_READY).put("operator", "Exists").put("effect", "NoExecute")
          .put("tolerationSeconds", SECONDS);
    }
    if (!unreachable) {
      tolerations.addObject().put("key", UNREACHABLE).put("operator", "Exists").put("effect", "NoExecute")
          .put("tolerationSeconds", SECONDS);
    }
  }
}
