package dev.kplane.apiserver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnknownFieldSet;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.Json;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Networking;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Objects encoded the way client-go encodes them (every non-pointer scalar written, zero or not), decoded, and
 * compared with the JSON the same client would send as application/json.
 */
class KubeProtobufTest {
  private static final long JAN_2_2024_030405 = 1704164645L;

  @Test
  void configMapWithDataAndBinaryData() throws IOException {
    V1.ConfigMap cm = V1.ConfigMap.newBuilder()
        .setMetadata(goMeta("p1").setNamespace("default"))
        .putData("a", "1")
        .putBinaryData("b", ByteString.copyFrom(new byte[] {0, 1, 2}))
        .build();
    assertDecodes("""
        {"apiVersion":"v1","kind":"ConfigMap",
         "metadata":{"name":"p1","namespace":"default","creationTimestamp":null},
         "data":{"a":"1"},"binaryData":{"b":"AAEC"}}""", "v1", "ConfigMap", cm);
  }

  @Test
  void secretBytesAreBase64AndASetFalsePointerIsKept() throws IOException {
    V1.Secret secret = V1.Secret.newBuilder()
        .setMetadata(goMeta("s1"))
        .putData("p", ByteString.copyFromUtf8("q"))
        .putData("empty", ByteString.EMPTY)
        .setType("Opaque")
        .setImmutable(false)
        .build();
    assertDecodes("""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1","creationTimestamp":null},
         "immutable":false,"data":{"p":"cQ==","empty":""},"type":"Opaque"}""", "v1", "Secret", secret);
  }

  @Test
  void namespaceWithTimesAndFinalizers() throws IOException {
    V1.Namespace ns = V1.Namespace.newBuilder()
        .setMetadata(goMeta("n1").putLabels("team", "a")
            .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(JAN_2_2024_030405).setNanos(999_000_000))
            .setDeletionGracePeriodSeconds(0))
        .setSpec(V1.NamespaceSpec.newBuilder().addFinalizers("kubernetes"))
        .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
        .build();
    assertDecodes("""
        {"apiVersion":"v1","kind":"Namespace",
         "metadata":{"name":"n1","creationTimestamp":"2024-01-02T03:04:05Z","deletionGracePeriodSeconds":0,
                     "labels":{"team":"a"}},
         "spec":{"finalizers":["kubernetes"]},"status":{}}""", "v1", "Namespace", ns);
  }

  @Test
  void deploymentWithAFullPodTemplate() throws IOException {
    V1.Container web = V1.Container.newBuilder()
        .setName("web").setImage("busybox").setWorkingDir("")
        .addPorts(V1.ContainerPort.newBuilder().setName("http").setHostPort(0).setContainerPort(8080)
            .setProtocol("TCP").setHostIP(""))
        .addEnv(V1.EnvVar.newBuilder().setName("A").setValue("1"))
        .addEnv(V1.EnvVar.newBuilder().setName("B").setValue("").setValueFrom(V1.EnvVarSource.newBuilder()
            .setConfigMapKeyRef(V1.ConfigMapKeySelector.newBuilder()
                .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("settings"))
                .setKey("b"))))
        .setResources(V1.ResourceRequirements.newBuilder()
            .putLimits("cpu", quantity("500m")).putRequests("memory", quantity("64Mi")))
        .addVolumeMounts(V1.VolumeMount.newBuilder().setName("cfg").setReadOnly(false).setMountPath("/etc/cfg"))
        .setLivenessProbe(V1.Probe.newBuilder()
            .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                .setPath("/healthz").setPort(name("http")).setHost("").setScheme("HTTP")))
            .setInitialDelaySeconds(5).setTimeoutSeconds(0))
        .setReadinessProbe(V1.Probe.newBuilder()
            .setHandler(V1.ProbeHandler.newBuilder().setTcpSocket(V1.TCPSocketAction.newBuilder()
                .setPort(number(8080)).setHost("")))
            .setPeriodSeconds(10))
        .setImagePullPolicy("IfNotPresent")
        .setStdin(false).setTty(false)
        .build();
    V1.PodSpec podSpec = V1.PodSpec.newBuilder()
        .addVolumes(V1.Volume.newBuilder().setName("cfg").setVolumeSource(V1.VolumeSource.newBuilder()
            .setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("settings"))
                .setDefaultMode(420))))
        .addContainers(web)
        .setRestartPolicy("Always")
        .setTerminationGracePeriodSeconds(0)
        .setAutomountServiceAccountToken(false)
        .setHostNetwork(false)
        .setServiceAccountName("")
        .build();
    V1Apps.Deployment deployment = V1Apps.Deployment.newBuilder()
        .setMetadata(goMeta("d1").putLabels("app", "d1"))
        .setSpec(V1Apps.DeploymentSpec.newBuilder()
            .setReplicas(2)
            .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "d1"))
            .setTemplate(V1.PodTemplateSpec.newBuilder()
                .setMetadata(goMeta("").putLabels("app", "d1")).setSpec(podSpec))
            .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                    .setMaxUnavailable(name("25%")).setMaxSurge(number(1))))
            .setMinReadySeconds(0).setPaused(false))
        .setStatus(V1Apps.DeploymentStatus.newBuilder().setObservedGeneration(0).setReplicas(0)
            .setAvailableReplicas(0))
        .build();
    assertDecodes("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"d1","creationTimestamp":null,"labels":{"app":"d1"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"d1"}},
           "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"d1"}},
             "spec":{
               "volumes":[{"name":"cfg","configMap":{"name":"settings","defaultMode":420}}],
               "containers":[{"name":"web","image":"busybox",
                 "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
                 "env":[{"name":"A","value":"1"},
                        {"name":"B","valueFrom":{"configMapKeyRef":{"name":"settings","key":"b"}}}],
                 "resources":{"limits":{"cpu":"500m"},"requests":{"memory":"64Mi"}},
                 "volumeMounts":[{"name":"cfg","mountPath":"/etc/cfg"}],
                 "livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},
                                  "initialDelaySeconds":5},
                 "readinessProbe":{"tcpSocket":{"port":8080},"periodSeconds":10},
                 "imagePullPolicy":"IfNotPresent"}],
               "restartPolicy":"Always","terminationGracePeriodSeconds":0,
               "automountServiceAccountToken":false}},
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":1}}},
         "status":{}}""", "apps/v1", "Deployment", deployment);
  }

  @Test
  void zeroReplicasIsKeptButAnUnsetPointerIsNot() throws IOException {
    V1Apps.Deployment zero = V1Apps.Deployment.newBuilder()
        .setMetadata(goMeta("d0"))
        .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0))
        .build();
    V1Apps.Deployment unset = V1Apps.Deployment.newBuilder()
        .setMetadata(goMeta("d0"))
        .setSpec(V1Apps.DeploymentSpec.newBuilder())
        .build();
    assertEquals(0, decode("apps/v1", "Deployment", zero).at("/spec/replicas").asInt(-1));
    assertTrue(decode("apps/v1", "Deployment", unset).at("/spec/replicas").isMissingNode());
  }

  @Test
  void serviceTargetPortsAsNumberAndName() throws IOException {
    V1.Service svc = V1.Service.newBuilder()
        .setMetadata(goMeta("svc1").putLabels("app", "svc1"))
        .setSpec(V1.ServiceSpec.newBuilder()
            .addPorts(V1.ServicePort.newBuilder().setName("80-8080").setProtocol("TCP").setPort(80)
                .setTargetPort(number(8080)).setNodePort(0))
            .addPorts(V1.ServicePort.newBuilder().setName("https").setProtocol("TCP").setPort(443)
                .setTargetPort(name("https")).setNodePort(0))
            .putSelector("app", "svc1")
            .setClusterIP("")
            .setType("ClusterIP"))
        .setStatus(V1.ServiceStatus.newBuilder().setLoadBalancer(V1.LoadBalancerStatus.newBuilder()))
        .build();
    assertDecodes("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc1","creationTimestamp":null,"labels":{"app":"svc1"}},
         "spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080},
                          {"name":"https","protocol":"TCP","port":443,"targetPort":"https"}],
                 "selector":{"app":"svc1"},"type":"ClusterIP"},
         "status":{"loadBalancer":{}}}""", "v1", "Service", svc);
  }

  @Test
  void jobWithPointerZerosAndATime() throws IOException {
    V1Batch.Job job = V1Batch.Job.newBuilder()
        .setMetadata(goMeta("j1"))
        .setSpec(V1Batch.JobSpec.newBuilder()
            .setBackoffLimit(0).setSuspend(false)
            .setTemplate(V1.PodTemplateSpec.newBuilder().setMetadata(goMeta(""))
                .setSpec(V1.PodSpec.newBuilder()
                    .addContainers(V1.Container.newBuilder().setName("j1").setImage("busybox"))
                    .setRestartPolicy("Never"))))
        .setStatus(V1Batch.JobStatus.newBuilder().setActive(0)
            .setStartTime(Meta.Time.newBuilder().setSeconds(JAN_2_2024_030405)))
        .build();
    assertDecodes("""
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j1","creationTimestamp":null},
         "spec":{"backoffLimit":0,"suspend":false,
           "template":{"metadata":{"creationTimestamp":null},
             "spec":{"containers":[{"name":"j1","image":"busybox"}],"restartPolicy":"Never"}}},
         "status":{"startTime":"2024-01-02T03:04:05Z"}}""", "batch/v1", "Job", job);
  }

  @Test
  void embeddedStructsAreInlined() throws IOException {
    V1.Pod pod = V1.Pod.newBuilder()
        .setMetadata(goMeta("p"))
        .setSpec(V1.PodSpec.newBuilder()
            .addEphemeralContainers(V1.EphemeralContainer.newBuilder()
                .setEphemeralContainerCommon(V1.EphemeralContainerCommon.newBuilder().setName("debug")
                    .setImage("busybox")
                    .setStartupProbe(V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
                        .setExec(V1.ExecAction.newBuilder().addCommand("true")))))
                .setTargetContainerName("web"))
            .addContainers(V1.Container.newBuilder().setName("web")
                .addEnvFrom(V1.EnvFromSource.newBuilder().setSecretRef(V1.SecretEnvSource.newBuilder()
                    .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("creds"))))))
        .build();
    assertDecodes("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":null},
         "spec":{"containers":[{"name":"web","envFrom":[{"secretRef":{"name":"creds"}}]}],
                 "ephemeralContainers":[{"name":"debug","image":"busybox",
                   "startupProbe":{"exec":{"command":["true"]}},"targetContainerName":"web"}]}}""",
        "v1", "Pod", pod);

    V1.PersistentVolume pv = V1.PersistentVolume.newBuilder()
        .setMetadata(goMeta("pv1"))
        .setSpec(V1.PersistentVolumeSpec.newBuilder().putCapacity("storage", quantity("1Gi"))
            .setPersistentVolumeSource(V1.PersistentVolumeSource.newBuilder()
                .setHostPath(V1.HostPathVolumeSource.newBuilder().setPath("/data")))
            .addAccessModes("ReadWriteOnce"))
        .build();
    assertDecodes("""
        {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv1","creationTimestamp":null},
         "spec":{"capacity":{"storage":"1Gi"},"hostPath":{"path":"/data"},"accessModes":["ReadWriteOnce"]}}""",
        "v1", "PersistentVolume", pv);

    V1Networking.Ingress ingress = V1Networking.Ingress.newBuilder()
        .setMetadata(goMeta("ing"))
        .setSpec(V1Networking.IngressSpec.newBuilder().addRules(V1Networking.IngressRule.newBuilder()
            .setHost("example.com")
            .setIngressRuleValue(V1Networking.IngressRuleValue.newBuilder().setHttp(
                V1Networking.HTTPIngressRuleValue.newBuilder().addPaths(V1Networking.HTTPIngressPath.newBuilder()
                    .setPath("/").setPathType("Prefix")
                    .setBackend(V1Networking.IngressBackend.newBuilder().setService(
                        V1Networking.IngressServiceBackend.newBuilder().setName("svc1")
                            .setPort(V1Networking.ServiceBackendPort.newBuilder().setNumber(80)))))))))
        .build();
    assertDecodes("""
        {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"ing","creationTimestamp":null},
         "spec":{"rules":[{"host":"example.com","http":{"paths":[{"path":"/","pathType":"Prefix",
           "backend":{"service":{"name":"svc1","port":{"number":80}}}}]}}]}}""",
        "networking.k8s.io/v1", "Ingress", ingress);
  }

  @Test
  void protobufNamesThatAreNotTheJsonNames() throws IOException {
    V1Networking.IngressClass ic = V1Networking.IngressClass.newBuilder()
        .setMetadata(goMeta("nginx"))
        .setSpec(V1Networking.IngressClassSpec.newBuilder().setController("example.com/ingress")
            .setParameters(V1Networking.IngressClassParametersReference.newBuilder()
                .setAPIGroup("k8s.example.com").setKind("Params").setName("p")))
        .build();
    assertDecodes("""
        {"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"nginx","creationTimestamp":null},
         "spec":{"controller":"example.com/ingress",
                 "parameters":{"apiGroup":"k8s.example.com","kind":"Params","name":"p"}}}""",
        "networking.k8s.io/v1", "IngressClass", ic);
  }

  @Test
  void tokenRequestWithABoundObject() throws IOException {
    V1Authentication.TokenRequest tr = V1Authentication.TokenRequest.newBuilder()
        .setMetadata(goMeta("sa1").setNamespace("default"))
        .setSpec(V1Authentication.TokenRequestSpec.newBuilder().addAudiences("https://kubernetes.default.svc")
            .setExpirationSeconds(3600)
            .setBoundObjectRef(V1Authentication.BoundObjectReference.newBuilder().setKind("Pod")
                .setApiVersion("v1").setName("p").setUID("1234")))
        .setStatus(V1Authentication.TokenRequestStatus.newBuilder().setToken("")
            .setExpirationTimestamp(Meta.Time.getDefaultInstance()))
        .build();
    assertDecodes("""
        {"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest",
         "metadata":{"name":"sa1","namespace":"default","creationTimestamp":null},
         "spec":{"audiences":["https://kubernetes.default.svc"],"expirationSeconds":3600,
                 "boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"p","uid":"1234"}},
         "status":{"token":"","expirationTimestamp":null}}""",
        "authentication.k8s.io/v1", "TokenRequest", tr);
  }

  @Test
  void rawExtensionAndManagedFieldsCarryJson() throws IOException {
    V1Apps.ControllerRevision rev = V1Apps.ControllerRevision.newBuilder()
        .setMetadata(goMeta("r1").addManagedFields(Meta.ManagedFieldsEntry.newBuilder()
            .setManager("kubectl").setOperation("Update").setApiVersion("apps/v1")
            .setTime(Meta.Time.newBuilder().setSeconds(JAN_2_2024_030405)).setFieldsType("FieldsV1")
            .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(latin1("{\"f:data\":{}}")))))
        .setData(Runtime.RawExtension.newBuilder().setRaw(latin1("{\"spec\":{\"a\":[1,2]}}")))
        .setRevision(0)
        .build();
    assertDecodes("""
        {"apiVersion":"apps/v1","kind":"ControllerRevision",
         "metadata":{"name":"r1","creationTimestamp":null,
           "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"apps/v1",
             "time":"2024-01-02T03:04:05Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{}}}]},
         "data":{"spec":{"a":[1,2]}},"revision":0}""", "apps/v1", "ControllerRevision", rev);
  }

  @Test
  void deleteOptionsUnderAResourcesGroupVersion() throws IOException {
    Meta.DeleteOptions opts = Meta.DeleteOptions.newBuilder()
        .setGracePeriodSeconds(0).setPropagationPolicy("Foreground").addDryRun("All").build();
    assertDecodes("""
        {"apiVersion":"apps/v1","kind":"DeleteOptions",
         "gracePeriodSeconds":0,"propagationPolicy":"Foreground","dryRun":["All"]}""",
        "apps/v1", "DeleteOptions", opts);
  }

  @Test
  void fieldsAddedInKubernetes132AreRead() throws IOException {
    V1.ResourceRequirements podResources = V1.ResourceRequirements.newBuilder()
        .putLimits("cpu", quantity("1")).build();
    V1.PodSpec spec = V1.PodSpec.newBuilder()
        .addContainers(V1.Container.newBuilder().setName("web"))
        // PodSpec.resources (field 40) is newer than client-java-proto's messages
        .setUnknownFields(UnknownFieldSet.newBuilder().addField(40, UnknownFieldSet.Field.newBuilder()
            .addLengthDelimited(podResources.toByteString()).build()).build())
        .build();
    V1.Pod pod = V1.Pod.newBuilder().setMetadata(goMeta("p")).setSpec(spec).build();
    assertDecodes("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":null},
         "spec":{"containers":[{"name":"web"}],"resources":{"limits":{"cpu":"1"}}}}""", "v1", "Pod", pod);
  }

  @Test
  void leaseWithMicroTimes() throws IOException {
    Descriptor leaseType = KubeMessages.find("coordination.k8s.io/v1", "Lease").orElseThrow();
    Descriptor specType = leaseType.findFieldByName("spec").getMessageType();
    Descriptor microTime = specType.findFieldByName("renewTime").getMessageType();
    DynamicMessage renew = DynamicMessage.newBuilder(microTime)
        .setField(microTime.findFieldByName("seconds"), JAN_2_2024_030405)
        .setField(microTime.findFieldByName("nanos"), 123_456_789)
        .build();
    DynamicMessage spec = DynamicMessage.newBuilder(specType)
        .setField(specType.findFieldByName("holderIdentity"), "node-1")
        .setField(specType.findFieldByName("leaseDurationSeconds"), 40)
        .setField(specType.findFieldByName("leaseTransitions"), 0)
        .setField(specType.findFieldByName("renewTime"), renew)
        .build();
    DynamicMessage lease = DynamicMessage.newBuilder(leaseType)
        .setField(leaseType.findFieldByName("metadata"), DynamicMessage.parseFrom(
            leaseType.findFieldByName("metadata").getMessageType(), goMeta("node-1").build().toByteString()))
        .setField(leaseType.findFieldByName("spec"), spec)
        .build();
    assertDecodes("""
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"node-1","creationTimestamp":null},
         "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,
                 "renewTime":"2024-01-02T03:04:05.123456Z","leaseTransitions":0}}""",
        "coordination.k8s.io/v1", "Lease", lease);
  }

  @Test
  void goDurations() {
    assertEquals("0s", GoFormats.duration(0));
    assertEquals("100ns", GoFormats.duration(100));
    assertEquals("1.5\u00b5s", GoFormats.duration(1_500));
    assertEquals("1.5ms", GoFormats.duration(1_500_000));
    assertEquals("1s", GoFormats.duration(1_000_000_000L));
    assertEquals("1m30s", GoFormats.duration(90_000_000_000L));
    assertEquals("1h0m0s", GoFormats.duration(3_600_000_000_000L));
    assertEquals("1h2m3.5s", GoFormats.duration(3_723_500_000_000L));
    assertEquals("-2s", GoFormats.duration(-2_000_000_000L));
    assertEquals("-2562047h47m16.854775808s", GoFormats.duration(Long.MIN_VALUE));
  }

  @Test
  void badBodiesAreBadRequests() throws IOException {
    V1.ConfigMap cm = V1.ConfigMap.newBuilder().setMetadata(goMeta("x")).build();
    assertBadRequest(new byte[0], "empty data");
    assertBadRequest("{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8),
        "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
    assertBadRequest(new byte[] {'k', '8', 's', 0}, "empty body");
    assertBadRequest(new byte[] {'k', '8', 's', 0, (byte) 0xff, (byte) 0xff, (byte) 0xff}, "unknown format");
    assertBadRequest(envelope("v1", "Frobnicator", cm), "no kind \"Frobnicator\" is registered for version \"v1\"");
    assertBadRequest(envelope("widgets.example.com/v1", "Widget", cm), "no kind \"Widget\"");
    assertBadRequest(envelope("v1", "", cm), "Object 'Kind' is missing");
    assertBadRequest(envelope("", "ConfigMap", cm), "Object 'apiVersion' is missing");
    assertBadRequest(envelope("v1", "ConfigMap", latin1("\u0012\u00ff")), "ConfigMap");
    V1.Service weirdPort = V1.Service.newBuilder().setSpec(V1.ServiceSpec.newBuilder()
        .addPorts(V1.ServicePort.newBuilder().setTargetPort(IntOrString.newBuilder().setType(7)))).build();
    assertBadRequest(envelope("v1", "Service", weirdPort), "impossible IntOrString.Type");
    V1Apps.ControllerRevision notJson = V1Apps.ControllerRevision.newBuilder()
        .setData(Runtime.RawExtension.newBuilder().setRaw(latin1("{not json"))).build();
    assertBadRequest(envelope("apps/v1", "ControllerRevision", notJson), "embedded object");
  }

  /** What client-go writes for an ObjectMeta: every non-pointer field, the zero time as an empty message. */
  private static ObjectMeta.Builder goMeta(String name) {
    return ObjectMeta.newBuilder().setName(name).setGenerateName("").setNamespace("").setSelfLink("")
        .setUid("").setResourceVersion("").setGeneration(0).setCreationTimestamp(Meta.Time.getDefaultInstance());
  }

  private static Quantity quantity(String s) {
    return Quantity.newBuilder().setString(s).build();
  }

  private static IntOrString number(int n) {
    return IntOrString.newBuilder().setType(0).setIntVal(n).setStrVal("").build();
  }

  private static IntOrString name(String s) {
    return IntOrString.newBuilder().setType(1).setIntVal(0).setStrVal(s).build();
  }

  private static ByteString latin1(String s) {
    return ByteString.copyFrom(s, StandardCharsets.ISO_8859_1);
  }

  private static JsonNode decode(String apiVersion, String kind, MessageLite object) throws IOException {
    return KubeProtobuf.decode(envelope(apiVersion, kind, object.toByteString()));
  }

  private static void assertDecodes(String expected, String apiVersion, String kind, MessageLite object)
      throws IOException {
    assertEquals(Json.MAPPER.readTree(expected), decode(apiVersion, kind, object));
  }

  private static void assertBadRequest(byte[] body, String messagePart) {
    ApiException e = assertThrows(ApiException.class, () -> KubeProtobuf.decode(body));
    assertEquals(400, e.code());
    assertEquals("BadRequest", e.reason());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  private static byte[] envelope(String apiVersion, String kind, MessageLite object) throws IOException {
    return envelope(apiVersion, kind, object.toByteString());
  }

  private static byte[] envelope(String apiVersion, String kind, ByteString raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {'k', '8', 's', 0});
    Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(raw).setContentEncoding("").setContentType("")
        .build().writeTo(out);
    return out.toByteArray();
  }
}
