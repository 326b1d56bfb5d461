package dev.kplane.apiserver.registry.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

/** The strategic merge patches kubectl sends for built-in kinds, applied with the built-in patch metadata. */
class KubectlPatchesTest {
  private static final String DEPLOYMENT = """
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
       "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
        "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
        "template":{"metadata":{"labels":{"app":"web"}},
         "spec":{"containers":[
           {"name":"nginx","image":"nginx:1.24","terminationMessagePath":"/dev/termination-log",
            "env":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}],
            "ports":[{"containerPort":80,"protocol":"TCP"}]},
           {"name":"sidecar","image":"busybox","command":["sleep","3600"]}],
          "volumes":[{"name":"data","emptyDir":{}}],
          "tolerations":[{"key":"a","operator":"Exists"}]}}}}
      """;

  private static ObjectNode obj(String json) {
    return (ObjectNode) Json.parse(json);
  }

  private static ObjectNode apply(String group, String kind, ObjectNode live, String patch) {
    return StrategicMergePatch.apply(live, obj(patch), PatchMeta.forKind(group, kind));
  }

  private static ObjectNode deployment() {
    return obj(DEPLOYMENT);
  }

  @Test
  void shouldChangeOneContainersImageFromAThreeWayApplyPatch() {
    ObjectNode live = deployment();
    ObjectNode patched = apply("apps", "Deployment", live, """
        {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
         "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
          "containers":[{"image":"nginx:1.25","name":"nginx"}]}}}}
        """);
    ObjectNode expected = deployment();
    expected.with("metadata").putObject("annotations").put("kubectl.kubernetes.io/last-applied-configuration", "{}");
    ((ObjectNode) expected.at("/spec/template/spec/containers/0")).put("image", "nginx:1.25");
    assertEquals(expected, patched);
    assertEquals("nginx:1.24", live.at("/spec/template/spec/containers/0/image").asText(), "the input is untouched");
  }

  @Test
  void shouldRemoveAnEnvVarWithADeleteDirective() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), """
        {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
          "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"C"}],
            "env":[{"$patch":"delete","name":"B"}],"name":"nginx"}]}}}}
        """);
    assertEquals(Json.parse("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"C\",\"value\":\"3\"}]"),
        patched.at("/spec/template/spec/containers/0/env"));
    assertEquals("sidecar", patched.at("/spec/template/spec/containers/1/name").asText());
  }

  @Test
  void shouldAddAnEnvVarWhereSetElementOrderPutsIt() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), """
        {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],
          "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"Z"},{"name":"B"},{"name":"C"}],
            "env":[{"name":"Z","value":"26"}],"name":"nginx"}]}}}}
        """);
    assertEquals(Json.parse("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"Z\",\"value\":\"26\"},"
            + "{\"name\":\"B\",\"value\":\"2\"},{\"name\":\"C\",\"value\":\"3\"}]"),
        patched.at("/spec/template/spec/containers/0/env"));
  }

  @Test
  void shouldDropRollingUpdateWhenTheStrategySwitchesToRecreate() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), """
        {"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}
        """);
    assertEquals(Json.parse("{\"type\":\"Recreate\"}"), patched.at("/spec/strategy"));
  }

  @Test
  void shouldClearFieldsMissingFromRetainKeysEvenWithoutNulls() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), """
        {"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}
        """);
    assertEquals(Json.parse("{\"type\":\"Recreate\"}"), patched.at("/spec/strategy"));
  }

  @Test
  void shouldSwitchAVolumeSourceWithRetainKeysInsideTheMergedElement() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), """
        {"spec":{"template":{"spec":{"$setElementOrder/volumes":[{"name":"data"}],
          "volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cfg"},"name":"data"}]}}}}
        """);
    assertEquals(Json.parse("[{\"name\":\"data\",\"configMap\":{\"name\":\"cfg\"}}]"),
        patched.at("/spec/template/spec/volumes"));
  }

  @Test
  void shouldSetTheImageLikeKubectlSetImage() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), """
        {"spec":{"template":{"spec":{"containers":[{"image":"busybox:1.36","name":"sidecar"}]}}}}
        """);
    assertEquals("busybox:1.36", patched.at("/spec/template/spec/containers/1/image").asText());
    assertEquals("nginx:1.24", patched.at("/spec/template/spec/containers/0/image").asText());
    assertEquals(Json.parse("[\"sleep\",\"3600\"]"), patched.at("/spec/template/spec/containers/1/command"));
  }

  @Test
  void shouldAnnotateThePodTemplateLikeKubectlRolloutRestart() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), """
        {"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-01-01T00:00:00Z"}}}}}
        """);
    assertEquals("2025-01-01T00:00:00Z",
        patched.at("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt").asText());
    assertEquals("web", patched.at("/spec/template/metadata/labels/app").asText());
  }

  @Test
  void shouldScaleLikeKubectlScalesWithoutTheScaleSubresource() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), "{\"spec\":{\"replicas\":3}}");
    ObjectNode expected = deployment();
    expected.with("spec").put("replicas", 3);
    assertEquals(expected, patched);
  }

  @Test
  void shouldReplaceTolerationsWhichHaveNoMergeKey() {
    ObjectNode patched = apply("apps", "Deployment", deployment(), """
        {"spec":{"template":{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}}}
        """);
    assertEquals(Json.parse("[{\"key\":\"b\",\"operator\":\"Exists\"}]"),
        patched.at("/spec/template/spec/tolerations"));
  }

  @Test
  void shouldMergePortsOnContainerPortAloneAsKubeDoes() {
    // The merge key is containerPort, not (containerPort, protocol): 53/UDP merges into 53/TCP (kubernetes#39188).
    ObjectNode pod = obj("""
        {"spec":{"containers":[{"name":"dns","ports":[{"containerPort":53,"protocol":"TCP"}]}]}}
        """);
    ObjectNode patched = apply("", "Pod", pod, """
        {"spec":{"containers":[{"name":"dns","ports":[{"containerPort":53,"protocol":"UDP"}]}]}}
        """);
    assertEquals(Json.parse("[{\"containerPort\":53,\"protocol\":\"UDP\"}]"),
        patched.at("/spec/containers/0/ports"));
  }

  @Test
  void shouldAddAFinalizerAheadOfTheLiveOnes() {
    ObjectNode live = obj("{\"metadata\":{\"name\":\"a\",\"finalizers\":[\"example.com/a\"]}}");
    ObjectNode patched = apply("", "ConfigMap", live, "{\"metadata\":{\"finalizers\":[\"example.com/b\"]}}");
    assertEquals(Json.parse("[\"example.com/b\",\"example.com/a\"]"), patched.at("/metadata/finalizers"));
  }

  @Test
  void shouldKeepAFinalizerThatIsAlreadyThere() {
    ObjectNode live = obj("{\"metadata\":{\"finalizers\":[\"example.com/a\",\"example.com/b\"]}}");
    ObjectNode patched = apply("", "ConfigMap", live, "{\"metadata\":{\"finalizers\":[\"example.com/a\"]}}");
    assertEquals(Json.parse("[\"example.com/a\",\"example.com/b\"]"), patched.at("/metadata/finalizers"));
  }

  @Test
  void shouldRemoveAFinalizerWithDeleteFromPrimitiveList() {
    ObjectNode live = obj("{\"metadata\":{\"finalizers\":[\"example.com/a\",\"example.com/b\"]}}");
    ObjectNode patched = apply("", "ConfigMap", live, """
        {"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"],
                     "$setElementOrder/finalizers":["example.com/b"]}}
        """);
    assertEquals(Json.parse("[\"example.com/b\"]"), patched.at("/metadata/finalizers"));
  }

  @Test
  void shouldMergeOwnerReferencesOnUid() {
    ObjectNode live = obj("""
        {"metadata":{"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"1"}]}}
        """);
    ObjectNode patched = apply("", "Pod", live, """
        {"metadata":{"ownerReferences":[{"uid":"1","controller":true},
                                        {"apiVersion":"v1","kind":"X","name":"x","uid":"2"}]}}
        """);
    assertEquals(Json.parse("""
        [{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"1","controller":true},
         {"apiVersion":"v1","kind":"X","name":"x","uid":"2"}]
        """), patched.at("/metadata/ownerReferences"));
  }

  @Test
  void shouldMergeServicePortsOnPort() {
    ObjectNode live = obj("""
        {"spec":{"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"https","port":443}]}}
        """);
    ObjectNode patched = apply("", "Service", live, "{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":9090}]}}");
    assertEquals(Json.parse("[{\"name\":\"http\",\"port\":80,\"targetPort\":9090},{\"name\":\"https\",\"port\":443}]"),
        patched.at("/spec/ports"));
  }

  @Test
  void shouldMergePodConditionsOnTypeLikeAStatusPatch() {
    ObjectNode live = obj("""
        {"status":{"conditions":[{"type":"PodScheduled","status":"True"},{"type":"Ready","status":"False"}]}}
        """);
    ObjectNode patched = apply("", "Pod", live, """
        {"status":{"$setElementOrder/conditions":[{"type":"PodScheduled"},{"type":"Ready"}],
                   "conditions":[{"type":"Ready","status":"True"}]}}
        """);
    assertEquals(Json.parse("[{\"type\":\"PodScheduled\",\"status\":\"True\"},"
            + "{\"type\":\"Ready\",\"status\":\"True\"}]"),
        patched.at("/status/conditions"));
  }

  @Test
  void shouldReplaceAPodDisruptionBudgetSelectorWhole() {
    ObjectNode live = obj("{\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"1\"}}}}");
    ObjectNode patched = apply("policy", "PodDisruptionBudget", live,
        "{\"spec\":{\"selector\":{\"matchLabels\":{\"b\":\"2\"}}}}");
    assertEquals(Json.parse("{\"matchLabels\":{\"b\":\"2\"}}"), patched.at("/spec/selector"));
  }

  @Test
  void shouldMergeAJobTemplatesContainersThroughTheCronJob() {
    ObjectNode live = obj("""
        {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b"}]}}}}}}
        """);
    ObjectNode patched = apply("batch", "CronJob", live, """
        {"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"y"}]}}}}}}
        """);
    assertEquals(Json.parse("[{\"name\":\"a\",\"image\":\"y\"},{\"name\":\"b\"}]"),
        patched.at("/spec/jobTemplate/spec/template/spec/containers"));
  }

  @Test
  void shouldReplaceTheWholeObjectWithAReplaceDirective() {
    ObjectNode patched = apply("", "ConfigMap", obj("{\"data\":{\"a\":\"1\"},\"metadata\":{\"name\":\"x\"}}"),
        "{\"data\":{\"$patch\":\"replace\",\"b\":\"2\"}}");
    assertEquals(obj("{\"data\":{\"b\":\"2\"},\"metadata\":{\"name\":\"x\"}}"), patched);
  }
}
