package dev.kplane.kubelet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvResolverTest {
  final ConfigSource config = new ConfigSource() {
    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
      return "ns".equals(namespace) && "cm".equals(name)
          ? Optional.of(new ConfigMapBuilder().withData(Map.of("color", "blue", "bad-name!", "x", "SIZE", "3")).build())
          : Optional.empty();
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
      return "ns".equals(namespace) && "s".equals(name)
          ? Optional.of(new SecretBuilder().withData(Map.of("password", "czNjcmV0")).build()) : Optional.empty();
    }
  };
  final EnvResolver.PodContext ctx = new EnvResolver.PodContext("192.168.1.5", List.of("10.88.0.7"),
      Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")));

  Map<String, String> env(String container) throws ContainerConfigException {
    Pod pod = Pods.pod("""
        {"metadata":{"name":"p","namespace":"ns","uid":"u1","labels":{"app":"web"}},
         "spec":{"nodeName":"n1","containers":[%s]}}""".formatted(container));
    return EnvResolver.resolve(pod, pod.getSpec().getContainers().get(0), ctx, config);
  }

  @Test
  void envFromSkipsInvalidNamesAndEnvOverridesIt() throws Exception {
    Map<String, String> env = env("""
        {"name":"c","image":"i","envFrom":[{"configMapRef":{"name":"cm"},"prefix":"CM_"}],
         "env":[{"name":"CM_color","value":"red"}]}""");
    assertEquals(Map.of("CM_color", "red", "CM_SIZE", "3"), env);
  }

  @Test
  void valueFromConfigMapSecretFieldsAndResources() throws Exception {
    Map<String, String> env = env("""
        {"name":"c","image":"i","resources":{"limits":{"memory":"64Mi"},"requests":{"cpu":"250m"}},"env":[
          {"name":"COLOR","valueFrom":{"configMapKeyRef":{"name":"cm","key":"color"}}},
          {"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"s","key":"password"}}},
          {"name":"POD","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
          {"name":"APP","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}},
          {"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}},
          {"name":"IP","valueFrom":{"fieldRef":{"fieldPath":"status.podIP"}}},
          {"name":"HOST","valueFrom":{"fieldRef":{"fieldPath":"status.hostIP"}}},
          {"name":"MEM_MI","valueFrom":{"resourceFieldRef":{"resource":"limits.memory","divisor":"1Mi"}}},
          {"name":"CPU_REQ","valueFrom":{"resourceFieldRef":{"resource":"requests.cpu"}}},
          {"name":"CPU_LIMIT","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu"}}},
          {"name":"MISSING","valueFrom":{"configMapKeyRef":{"name":"nope","key":"x","optional":true}}}]}""");
    assertEquals("blue", env.get("COLOR"));
    assertEquals("s3cret", env.get("PASSWORD"));
    assertEquals("p", env.get("POD"));
    assertEquals("web", env.get("APP"));
    assertEquals("n1", env.get("NODE"));
    assertEquals("10.88.0.7", env.get("IP"));
    assertEquals("192.168.1.5", env.get("HOST"));
    assertEquals("64", env.get("MEM_MI"));
    assertEquals("1", env.get("CPU_REQ"), "250m rounds up to whole cores");
    assertEquals("4", env.get("CPU_LIMIT"), "no limit: the node's allocatable");
    assertEquals(false, env.containsKey("MISSING"));
  }

  @Test
  void missingConfigMapOrKeyIsAConfigError() {
    var x = assertThrows(ContainerConfigException.class, () -> env("""
        {"name":"c","image":"i","env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"other","key":"k"}}}]}"""));
    assertEquals("configmap \"other\" not found", x.getMessage());
    x = assertThrows(ContainerConfigException.class, () -> env("""
        {"name":"c","image":"i","env":[{"name":"A","valueFrom":{"secretKeyRef":{"name":"s","key":"user"}}}]}"""));
    assertEquals("couldn't find key user in Secret ns/s", x.getMessage());
  }

  @Test
  void dollarParenReferencesExpandAgainstEarlierVariables() {
    Map<String, String> vars = Map.of("A", "x");
    assertEquals("x-$(B)-$(A)-$", EnvResolver.expand("$(A)-$(B)-$$(A)-$", vars));
  }
}
