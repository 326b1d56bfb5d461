package dev.kplane.kubelet.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.schemas.Json;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodReferencesTest {
  @Test
  void shouldVisitEveryPlaceAPodNamesAConfigMapOrSecret() {
    Pod pod = Json.MAPPER.convertValue(Json.parse("""
        {"metadata":{"name":"p","namespace":"ns"},
         "spec":{
          "imagePullSecrets":[{"name":"pull"},{"name":""}],
          "initContainers":[{"name":"i","envFrom":[{"secretRef":{"name":"init-env"}}]}],
          "containers":[{"name":"c",
            "envFrom":[{"configMapRef":{"name":"c-envfrom"}}],
            "env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"c-env","key":"k"}}},
                   {"name":"B","valueFrom":{"secretKeyRef":{"name":"s-env","key":"k"}}},
                   {"name":"C","value":"plain"}]}],
          "ephemeralContainers":[{"name":"e","env":[{"name":"D","valueFrom":{"configMapKeyRef":{"name":"eph","key":"k"}}}]}],
          "volumes":[
            {"name":"a","configMap":{"name":"vol-cm"}},
            {"name":"b","secret":{"secretName":"vol-secret"}},
            {"name":"c","projected":{"sources":[{"configMap":{"name":"kube-root-ca.crt"}},{"secret":{"name":"proj-secret"}},
                                                {"serviceAccountToken":{"path":"token"}}]}},
            {"name":"d","csi":{"driver":"x","nodePublishSecretRef":{"name":"csi-secret"}}},
            {"name":"e","emptyDir":{}}]}}
        """), Pod.class);
    assertEquals(List.of("configmaps/ns/c-env", "configmaps/ns/c-envfrom", "configmaps/ns/eph",
            "configmaps/ns/kube-root-ca.crt", "configmaps/ns/vol-cm",
            "secrets/ns/csi-secret", "secrets/ns/init-env", "secrets/ns/proj-secret", "secrets/ns/pull",
            "secrets/ns/s-env", "secrets/ns/vol-secret"),
        List.copyOf(PodReferences.of(pod)));
  }
}
