package dev.kplane.apiserver.registry.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Objects kube-apiserver 1.32 rejects, with the errors it reports (field.Error.Error() texts, in its order);
 * cases follow pkg/apis/{core,apps,batch}/validation/validation_test.go. Objects are defaulted first, as on create.
 */
class BuiltinValidationTest {
  private static final String DNS_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
      + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
      + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String CONFIG_KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or "
      + "'.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

  static String pod(String containers) {
    return "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":" + containers + "}}";
  }

  static String deployment(String spec) {
    return "{\"metadata\":{\"name\":\"d\"},\"spec\":" + spec + "}";
  }

  static final String TEMPLATE = "\"template\":{\"metadata\":{\"labels\":{\"app\":\"a\"}},"
      + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}";

  static Stream<Arguments> creates() {
    return Stream.of(
        Arguments.of("", "pods", pod("[]"), List.of("spec.containers: Required value")),
        Arguments.of("", "pods", pod("[{\"name\":\"Web\",\"image\":\"i\"},{\"name\":\"\",\"image\":\"\"}]"), List.of(
            "spec.containers[0].name: Invalid value: \"Web\": " + DNS_LABEL,
            "spec.containers[1].name: Required value",
            "spec.containers[1].image: Required value")),
        Arguments.of("", "pods", pod("[{\"name\":\"a\",\"image\":\"i\"},{\"name\":\"a\",\"image\":\" i\"}]"), List.of(
            "spec.containers[1].name: Duplicate value: \"a\"",
            "spec.containers[1].image: Invalid value: \" i\": must not have leading or trailing whitespace")),
        Arguments.of("", "pods", pod("[{\"name\":\"a\",\"image\":\"i\",\"ports\":[{\"containerPort\":0,\"name\":\"http\"},"
            + "{\"containerPort\":70000,\"protocol\":\"HTTP\",\"name\":\"http\"},{\"containerPort\":80,\"name\":\"-Bad--\"}]}]"),
            List.of(
                "spec.containers[0].ports[0].containerPort: Required value",
                "spec.containers[0].ports[1].name: Duplicate value: \"http\"",
                "spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[1].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.containers[0].ports[2].name: Invalid value: \"-Bad--\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.containers[0].ports[2].name: Invalid value: \"-Bad--\": must not contain consecutive hyphens",
                "spec.containers[0].ports[2].name: Invalid value: \"-Bad--\": must not begin or end with a hyphen")),
        Arguments.of("", "pods", pod("[{\"name\":\"a\",\"image\":\"i\",\"env\":[{\"name\":\"\"},{\"name\":\"A=B\"}],"
            + "\"volumeMounts\":[{\"name\":\"missing\",\"mountPath\":\"/a\"},{\"name\":\"v\",\"mountPath\":\"/a\"}]}],"
            + "\"volumes\":[{\"name\":\"v\"},{\"name\":\"v\"},{\"name\":\"w\",\"emptyDir\":{},\"configMap\":{\"name\":\"x\"}}]"),
            List.of(
                "spec.volumes[1].name: Duplicate value: \"v\"",
                "spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type",
                "spec.containers[0].env[0].name: Required value",
                "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
                "spec.containers[0].volumeMounts[0].name: Not found: \"missing\"",
                "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/a\": must be unique")),
        Arguments.of("", "pods", pod("[{\"name\":\"a\",\"image\":\"i\",\"imagePullPolicy\":\"Sometimes\","
            + "\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"-1Gi\"},\"requests\":{\"cpu\":\"2\"}}}],"
            + "\"restartPolicy\":\"Maybe\",\"dnsPolicy\":\"Other\""),
            List.of(
                "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
                "spec.containers[0].resources.limits[memory]: Invalid value: \"-1Gi\": must be greater than or equal to 0",
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
                // requests[memory] was defaulted from the limit, so it is reported too
                "spec.containers[0].resources.requests[memory]: Invalid value: \"-1Gi\": must be greater than or equal to 0",
                "spec.restartPolicy: Unsupported value: \"Maybe\": supported values: \"Always\", \"OnFailure\", \"Never\"",
                "spec.dnsPolicy: Unsupported value: \"Other\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")),
        Arguments.of("apps", "deployments", deployment("{\"selector\":{\"matchLabels\":{\"app\":\"b\"}}," + TEMPLATE
            + ",\"replicas\":-1,\"strategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":\"0%\"}}}"),
            List.of(
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"a\"}: `selector` does not match template `labels`",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0")),
        Arguments.of("apps", "deployments", deployment("{" + TEMPLATE + "}"), List.of(
            "spec.selector: Required value",
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"a\"}: `selector` does not match template `labels`")),
        Arguments.of("apps", "replicasets", deployment("{\"selector\":{}," + TEMPLATE + "}"), List.of(
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")),
        Arguments.of("apps", "daemonsets", deployment("{\"selector\":{\"matchLabels\":{\"app\":\"a\"}}," + TEMPLATE
            + ",\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":0,\"maxSurge\":0}}}"),
            List.of("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0 when maxSurge is 0")),
        // mounts may name volumeClaimTemplates: kube does not validate a StatefulSet's pod spec
        Arguments.of("apps", "statefulsets", deployment("{\"selector\":{\"matchLabels\":{\"app\":\"a\"}},"
            + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"a\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
            + "\"image\":\"i\",\"volumeMounts\":[{\"name\":\"www\",\"mountPath\":\"/www\"}]}]}},"
            + "\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"www\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
            + "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}]}"), List.of()),
        Arguments.of("apps", "statefulsets", deployment("{\"selector\":{\"matchLabels\":{\"app\":\"a\"}}," + TEMPLATE
            + ",\"podManagementPolicy\":\"Random\"}"),
            List.of("spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'")),
        Arguments.of("batch", "jobs", "{\"metadata\":{\"name\":\"j\",\"uid\":\"u\"},\"spec\":{\"template\":{\"spec\":"
            + "{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}}}",
            List.of("spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"")),
        Arguments.of("", "services", "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"type\":\"Bogus\",\"ports\":["
            + "{\"port\":80,\"name\":\"a\"},{\"port\":0,\"protocol\":\"ICMP\",\"targetPort\":\"Http_\"}]}}",
            List.of(
                "spec.ports[1].name: Required value",
                "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[1].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.ports[1].targetPort: Invalid value: \"Http_\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "spec.type: Unsupported value: \"Bogus\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")),
        Arguments.of("", "services", "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"selector\":{\"a\":\"b\"}}}",
            List.of("spec.ports: Required value")),
        Arguments.of("", "services", "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"None\"}}", List.of()),
        Arguments.of("", "configmaps", "{\"metadata\":{\"name\":\"c\"},\"data\":{\"a b\":\"x\",\"..x\":\"y\"}}", List.of(
            "data[a b]: Invalid value: \"a b\": " + CONFIG_KEY,
            "data[..x]: Invalid value: \"..x\": must not start with '..'")),
        Arguments.of("", "configmaps", "{\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}}",
            List.of(": Too long: may not be more than 1048576 bytes")),
        Arguments.of("", "secrets", "{\"metadata\":{\"name\":\"s\"},\"type\":\"kubernetes.io/tls\",\"data\":{}}", List.of(
            "data[tls.crt]: Required value", "data[tls.key]: Required value")),
        Arguments.of("scheduling.k8s.io", "priorityclasses", "{\"metadata\":{\"name\":\"high\"},\"value\":2000000000}",
            List.of("value: Forbidden: maximum allowed value of a user defined priority is 1000000000")),
        Arguments.of("scheduling.k8s.io", "priorityclasses", "{\"metadata\":{\"name\":\"system-x\"},\"value\":1}",
            List.of("metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use "
                + "only. error: system-x is not a known system priority class")),
        Arguments.of("storage.k8s.io", "storageclasses", "{\"metadata\":{\"name\":\"sc\"},\"reclaimPolicy\":\"Recycle\"}",
            List.of("provisioner: Required value",
                "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"")),
        Arguments.of("discovery.k8s.io", "endpointslices", "{\"metadata\":{\"name\":\"e\"},\"addressType\":\"IPv5\"}",
            List.of("addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")),
        Arguments.of("coordination.k8s.io", "leases", "{\"metadata\":{\"name\":\"l\"},\"spec\":{\"leaseDurationSeconds\":0}}",
            List.of("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0")));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("creates")
  void createErrors(String group, String resource, String json, List<String> expected) {
    ResourceType t = DefaultsTest.type(group, resource);
    ObjectNode obj = (ObjectNode) Json.parse(json);
    Defaults.applyOnCreate(t, obj);
    assertEquals(expected, BuiltinValidation.validate(t, obj).stream().map(FieldError::render).toList());
  }

  static Stream<Arguments> updates() {
    String podOld = pod("[{\"name\":\"a\",\"image\":\"i:1\"}]");
    String cmOld = "{\"metadata\":{\"name\":\"c\"},\"immutable\":true,\"data\":{\"a\":\"1\"}}";
    return Stream.of(
        Arguments.of("", "pods", podOld, pod("[{\"name\":\"a\",\"image\":\"i:2\"}]"), List.of()),
        Arguments.of("", "pods", podOld, pod("[{\"name\":\"a\",\"image\":\"i:1\"},{\"name\":\"b\",\"image\":\"i\"}]"),
            List.of("spec.containers: Forbidden: pod updates may not add or remove containers")),
        Arguments.of("apps", "deployments",
            deployment("{\"selector\":{\"matchLabels\":{\"app\":\"a\"}}," + TEMPLATE + "}"),
            deployment("{\"selector\":{\"matchLabels\":{\"app\":\"a\",\"x\":\"y\"}},"
                + TEMPLATE.replace("{\"app\":\"a\"}", "{\"app\":\"a\",\"x\":\"y\"}") + "}"),
            List.of("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"a\", "
                + "\"x\":\"y\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable")),
        Arguments.of("", "configmaps", cmOld, "{\"metadata\":{\"name\":\"c\"},\"immutable\":true,\"data\":{\"a\":\"2\"}}",
            List.of("data: Forbidden: field is immutable when `immutable` is set")),
        Arguments.of("", "configmaps", cmOld, "{\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"1\"}}",
            List.of("immutable: Forbidden: field is immutable when `immutable` is set")),
        Arguments.of("", "services",
            "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"10.0.0.1\",\"ports\":[{\"port\":80}]}}",
            "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"10.0.0.2\",\"clusterIPs\":[\"10.0.0.2\"],\"ports\":[{\"port\":80}]}}",
            List.of("spec.clusterIPs[0]: Invalid value: []string{\"10.0.0.2\"}: may not change once set")),
        Arguments.of("", "services",
            "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"10.0.0.1\",\"ports\":[{\"port\":80}]}}",
            "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80}]}}", List.of()));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("updates")
  void updateErrors(String group, String resource, String oldJson, String newJson, List<String> expected) {
    ResourceType t = DefaultsTest.type(group, resource);
    ObjectNode old = (ObjectNode) Json.parse(oldJson);
    Defaults.applyOnCreate(t, old);
    ObjectNode next = (ObjectNode) Json.parse(newJson);
    Defaults.applyOnUpdate(t, next, old);
    if (resource.equals("pods")) {
      next.set("spec", mergeServerFields((ObjectNode) next.get("spec"), (ObjectNode) old.get("spec")));
    }
    assertEquals(expected, BuiltinValidation.validateUpdate(t, next, old).stream().map(FieldError::render).toList());
  }

  /** A client's PUT carries what the server set on create (tolerations, priority, service account). */
  private static ObjectNode mergeServerFields(ObjectNode spec, ObjectNode old) {
    for (String f : List.of("tolerations", "priority", "preemptionPolicy", "serviceAccountName", "serviceAccount")) {
      if (old.has(f)) {
        spec.set(f, old.get(f));
      }
    }
    return spec;
  }

  @ParameterizedTest(name = "[{index}]")
  @MethodSource("statusMessages")
  void statusMessageListsEveryError(String json, String message) {
    ResourceType t = DefaultsTest.type("", "pods");
    ObjectNode obj = (ObjectNode) Json.parse(json);
    Defaults.applyOnCreate(t, obj);
    var status = Status.invalid(t, "p", BuiltinValidation.validate(t, obj)).status();
    assertEquals(message, status.path("message").asText());
    assertEquals(422, status.path("code").asInt());
  }

  static Stream<Arguments> statusMessages() {
    return Stream.of(Arguments.of(pod("[{\"name\":\"a\"}]"),
        "Pod \"p\" is invalid: spec.containers[0].image: Required value"));
  }
}
