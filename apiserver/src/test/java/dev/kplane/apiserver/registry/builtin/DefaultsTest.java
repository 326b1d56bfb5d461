package dev.kplane.apiserver.registry.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Object in, object as kube-apiserver 1.32 stores it out (create path: defaulting, strategy, admission). The
 * expected objects are written out by hand from what a 1.32 cluster returns for the same input.
 */
class DefaultsTest {
  private static final String CONTAINER_DEFAULTS = "\"imagePullPolicy\":\"IfNotPresent\","
      + "\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"";
  private static final String TEMPLATE_SPEC_DEFAULTS = "\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"%s\","
      + "\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\"";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("", "pods", """
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1.27",
              "ports":[{"containerPort":80}],
              "resources":{"limits":{"cpu":"1000m","memory":"1024Mi"}},
              "livenessProbe":{"httpGet":{"port":80}},
              "env":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}],
              "volumes":[{"name":"v"},{"name":"cm","configMap":{"name":"x"}}]}}""", """
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1.27",
              "ports":[{"containerPort":80,"protocol":"TCP"}],
              "resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}},
              "livenessProbe":{"httpGet":{"port":80,"path":"/","scheme":"HTTP"},"timeoutSeconds":1,
                "periodSeconds":10,"successThreshold":1,"failureThreshold":3},
              "env":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name","apiVersion":"v1"}}}],
              %s}],
              "volumes":[{"name":"v","emptyDir":{}},{"name":"cm","configMap":{"name":"x","defaultMode":420}}],
              "enableServiceLinks":true,%s,"serviceAccountName":"default","serviceAccount":"default",
              "tolerations":[
                {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},
                {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
             "status":{"phase":"Pending","qosClass":"Guaranteed"}}"""
            .formatted(CONTAINER_DEFAULTS, TEMPLATE_SPEC_DEFAULTS.formatted("Always"))),
        Arguments.of("apps", "deployments", """
            {"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"d"}},
              "template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""",
            """
            {"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"d"}},
              "template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"nginx",
                "imagePullPolicy":"Always","terminationMessagePath":"/dev/termination-log",
                "terminationMessagePolicy":"File"}],%s}},
              "replicas":1,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%%","maxSurge":"25%%"}},
              "revisionHistoryLimit":10,"progressDeadlineSeconds":600},"status":{}}"""
            .formatted(TEMPLATE_SPEC_DEFAULTS.formatted("Always"))),
        Arguments.of("", "services", """
            {"metadata":{"name":"s"},"spec":{"selector":{"app":"s"},"ports":[{"port":80}]}}""", """
            {"metadata":{"name":"s"},"spec":{"selector":{"app":"s"},"ports":[{"port":80,"protocol":"TCP","targetPort":80}],
              "sessionAffinity":"None","type":"ClusterIP","internalTrafficPolicy":"Cluster",
              "ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"]},"status":{"loadBalancer":{}}}"""),
        Arguments.of("", "services", """
            {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","sessionAffinity":"ClientIP","ports":[{"port":443,"targetPort":"https"}]}}""",
            """
            {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","sessionAffinity":"ClientIP",
              "ports":[{"port":443,"targetPort":"https","protocol":"TCP"}],
              "sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}},"externalTrafficPolicy":"Cluster",
              "internalTrafficPolicy":"Cluster","allocateLoadBalancerNodePorts":true,
              "ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"]},"status":{"loadBalancer":{}}}"""),
        Arguments.of("batch", "jobs", """
            {"metadata":{"name":"pi","uid":"u-1"},"spec":{"template":{"spec":{"restartPolicy":"Never",
              "containers":[{"name":"pi","image":"perl:5.34.0"}]}}}}""", """
            {"metadata":{"name":"pi","uid":"u-1","labels":{"job-name":"pi","batch.kubernetes.io/job-name":"pi",
                "controller-uid":"u-1","batch.kubernetes.io/controller-uid":"u-1"}},
             "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34.0",%s}],
                "dnsPolicy":"ClusterFirst","securityContext":{},"terminationGracePeriodSeconds":30,
                "schedulerName":"default-scheduler"},
                "metadata":{"labels":{"job-name":"pi","batch.kubernetes.io/job-name":"pi","controller-uid":"u-1",
                  "batch.kubernetes.io/controller-uid":"u-1"}}},
              "completions":1,"parallelism":1,"backoffLimit":6,"completionMode":"NonIndexed","suspend":false,
              "podReplacementPolicy":"TerminatingOrFailed","manualSelector":false,
              "selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u-1"}}},"status":{}}"""
            .formatted(CONTAINER_DEFAULTS)),
        Arguments.of("batch", "cronjobs", """
            {"metadata":{"name":"cj"},"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":{"spec":{
              "restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox:latest"}]}}}}}}""", """
            {"metadata":{"name":"cj"},"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":{"spec":{
              "restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox:latest","imagePullPolicy":"Always",
                "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
              "dnsPolicy":"ClusterFirst","securityContext":{},"terminationGracePeriodSeconds":30,
              "schedulerName":"default-scheduler"}}}},
              "concurrencyPolicy":"Allow","suspend":false,"successfulJobsHistoryLimit":3,"failedJobsHistoryLimit":1},
             "status":{}}"""),
        Arguments.of("apps", "daemonsets", """
            {"metadata":{"name":"ds"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
              "spec":{"containers":[{"name":"c","image":"x@sha256:abc"}]}}}}""", """
            {"metadata":{"name":"ds"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
              "spec":{"containers":[{"name":"c","image":"x@sha256:abc",%s}],%s}},
              "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}},
              "revisionHistoryLimit":10},
             "status":{"currentNumberScheduled":0,"numberMisscheduled":0,"desiredNumberScheduled":0,"numberReady":0}}"""
            .formatted(CONTAINER_DEFAULTS, TEMPLATE_SPEC_DEFAULTS.formatted("Always"))),
        Arguments.of("apps", "statefulsets", """
            {"metadata":{"name":"web"},"spec":{"serviceName":"web","selector":{"matchLabels":{"a":"b"}},
              "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}},
              "volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],
                "resources":{"requests":{"storage":"1024Mi"}}}}]}}""", """
            {"metadata":{"name":"web"},"spec":{"serviceName":"web","selector":{"matchLabels":{"a":"b"}},
              "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27",%s}],%s}},
              "volumeClaimTemplates":[{"metadata":{"name":"www"},"spec":{"accessModes":["ReadWriteOnce"],
                "resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem"},"status":{"phase":"Pending"}}],
              "podManagementPolicy":"OrderedReady",
              "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
              "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"},
              "replicas":1,"revisionHistoryLimit":10},
             "status":{"replicas":0,"availableReplicas":0}}"""
            .formatted(CONTAINER_DEFAULTS, TEMPLATE_SPEC_DEFAULTS.formatted("Always"))),
        Arguments.of("", "namespaces", """
            {"metadata":{"name":"team-a"}}""", """
            {"metadata":{"name":"team-a","labels":{"kubernetes.io/metadata.name":"team-a"}},
             "status":{"phase":"Active"},"spec":{"finalizers":["kubernetes"]}}"""),
        Arguments.of("", "secrets", """
            {"metadata":{"name":"s"},"stringData":{"a":"hi"},"data":{"b":"eA=="}}""", """
            {"metadata":{"name":"s"},"data":{"b":"eA==","a":"aGk="},"type":"Opaque"}"""),
        Arguments.of("rbac.authorization.k8s.io", "rolebindings", """
            {"metadata":{"name":"rb"},"roleRef":{"kind":"Role","name":"r"},
             "subjects":[{"kind":"User","name":"u"},{"kind":"ServiceAccount","name":"sa"}]}""", """
            {"metadata":{"name":"rb"},"roleRef":{"kind":"Role","name":"r","apiGroup":"rbac.authorization.k8s.io"},
             "subjects":[{"kind":"User","name":"u","apiGroup":"rbac.authorization.k8s.io"},
               {"kind":"ServiceAccount","name":"sa"}]}"""),
        Arguments.of("networking.k8s.io", "networkpolicies", """
            {"metadata":{"name":"np"},"spec":{"podSelector":{},"egress":[{"ports":[{"port":53}]}]}}""", """
            {"metadata":{"name":"np"},"spec":{"podSelector":{},"egress":[{"ports":[{"port":53,"protocol":"TCP"}]}],
              "policyTypes":["Ingress","Egress"]}}"""));
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("cases")
  void createFillsWhatKubeApiserverFills(String group, String resource, String in, String expected) {
    ObjectNode obj = (ObjectNode) Json.parse(in);
    Defaults.applyOnCreate(type(group, resource), obj);
    assertEquals(Json.parse(expected), obj);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("imagePullPolicies")
  void imagePullPolicyFollowsTheTag(String image, String policy) {
    assertEquals(policy.equals("Always"), ContainerDefaults.isLatestTag(image));
  }

  static Stream<Arguments> imagePullPolicies() {
    return Stream.of(Arguments.of("nginx", "Always"), Arguments.of("nginx:latest", "Always"),
        Arguments.of("nginx:1.27", "IfNotPresent"), Arguments.of("localhost:5000/app", "Always"),
        Arguments.of("localhost:5000/app:v1", "IfNotPresent"), Arguments.of("app@sha256:abc", "IfNotPresent"),
        Arguments.of("app:latest@sha256:abc", "Always"), Arguments.of("", "IfNotPresent"),
        Arguments.of("Nginx", "IfNotPresent"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badQuantities")
  void malformedQuantityIsABadRequest(String quantity) {
    ObjectNode pod = (ObjectNode) Json.parse("""
        {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"%s"}}}]}}"""
        .formatted(quantity));
    ApiException e = assertThrows(ApiException.class, () -> Defaults.apply(type("", "pods"), pod));
    JsonNode status = e.status();
    assertEquals(400, status.path("code").asInt());
    assertEquals("Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular expression "
        + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", status.path("message").asText());
  }

  static Stream<String> badQuantities() {
    return Stream.of("1 cpu", "one", "1..5");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("qos")
  void qosClass(String containers, String expected) {
    ObjectNode pod = (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":" + containers + "}}");
    Defaults.applyOnCreate(type("", "pods"), pod);
    assertEquals(expected, pod.path("status").path("qosClass").asText());
  }

  static Stream<Arguments> qos() {
    return Stream.of(
        Arguments.of("[{\"name\":\"a\",\"image\":\"i\"}]", "BestEffort"),
        Arguments.of("[{\"name\":\"a\",\"image\":\"i\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]", "Burstable"),
        Arguments.of("[{\"name\":\"a\",\"image\":\"i\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}}]",
            "Guaranteed"),
        Arguments.of("[{\"name\":\"a\",\"image\":\"i\",\"resources\":{\"limits\":{\"cpu\":\"1\"}}}]", "Burstable"),
        Arguments.of("[{\"name\":\"a\",\"image\":\"i\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},"
            + "\"requests\":{\"cpu\":\"500m\"}}}]", "Burstable"));
  }

  static ResourceType type(String group, String resource) {
    return BuiltinResources.find(group, resource).orElseThrow();
  }
}
