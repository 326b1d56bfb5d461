package dev.kplane.apiserver.registry.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchMetaTest {
  private static PatchMeta.Node podSpec() {
    return PatchMeta.forKind("apps", "Deployment").child("spec").child("template").child("spec");
  }

  @Test
  void shouldKnowEveryStoredBuiltinKind() {
    for (ResourceType t : BuiltinResources.ALL_TYPES.stream().filter(ResourceType::stored).toList()) {
      assertNotNull(PatchMeta.forKind(t.group(), t.kind()), t.groupResource());
    }
  }

  @Test
  void shouldNotKnowCustomResources() {
    assertNull(PatchMeta.forKind("example.com", "Widget"));
    assertNull(PatchMeta.forKind("apps", "Pod"));
  }

  @Test
  void shouldMergeContainersOnNameAlongTheWholePathFromADeployment() {
    PatchMeta.Field containers = podSpec().field("containers");
    assertEquals("merge", containers.patchStrategy());
    assertEquals("name", containers.mergeKey());
    assertEquals("map", containers.listType());
    assertEquals(List.of("name"), containers.listMapKeys());
    assertEquals("io.k8s.api.core.v1.Container", containers.type());
  }

  @Test
  void shouldDescribeTheFieldsOfAContainer() {
    PatchMeta.Node container = PatchMeta.forKind("", "Pod").child("spec").child("containers");
    assertEquals("containerPort", container.field("ports").mergeKey());
    assertEquals(List.of("containerPort", "protocol"), container.field("ports").listMapKeys());
    assertEquals("name", container.field("env").mergeKey());
    assertEquals("mountPath", container.field("volumeMounts").mergeKey());
    assertEquals("devicePath", container.field("volumeDevices").mergeKey());
    assertEquals("", container.field("command").patchStrategy());
  }

  @Test
  void shouldDescribeThePodSpecLists() {
    PatchMeta.Node spec = podSpec();
    assertEquals(List.of("merge", "retainKeys"), spec.field("volumes").patchStrategies());
    assertEquals("name", spec.field("volumes").mergeKey());
    assertEquals("name", spec.field("initContainers").mergeKey());
    assertEquals("name", spec.field("imagePullSecrets").mergeKey());
    assertEquals("ip", spec.field("hostAliases").mergeKey());
    assertEquals("topologyKey", spec.field("topologySpreadConstraints").mergeKey());
    assertEquals(List.of("topologyKey", "whenUnsatisfiable"), spec.field("topologySpreadConstraints").listMapKeys());
    assertEquals("", spec.field("tolerations").patchStrategy(), "tolerations are replaced whole");
    assertNull(spec.field("tolerations").type());
  }

  @Test
  void shouldDescribeObjectMetaForEveryKind() {
    PatchMeta.Node meta = PatchMeta.forKind("rbac.authorization.k8s.io", "ClusterRole").child("metadata");
    assertEquals("merge", meta.field("finalizers").patchStrategy());
    assertEquals("", meta.field("finalizers").mergeKey());
    assertEquals("set", meta.field("finalizers").listType());
    assertEquals("uid", meta.field("ownerReferences").mergeKey());
    assertEquals("", meta.field("labels").patchStrategy());
  }

  @Test
  void shouldKnowTheStructStrategies() {
    assertEquals("retainKeys", PatchMeta.forKind("apps", "Deployment").child("spec").field("strategy").patchStrategy());
    assertEquals("replace",
        PatchMeta.forKind("policy", "PodDisruptionBudget").child("spec").field("selector").patchStrategy());
    assertEquals("port", PatchMeta.forKind("", "Service").child("spec").field("ports").mergeKey());
    assertEquals("type", PatchMeta.forKind("", "Node").child("status").field("addresses").mergeKey());
    assertEquals("name", PatchMeta.forKind("", "ServiceAccount").field("secrets").mergeKey());
  }

  @Test
  void shouldTellTheTwoEventKindsApart() {
    assertEquals("io.k8s.api.core.v1.Event", PatchMeta.forKind("", "Event").type());
    assertEquals("io.k8s.api.events.v1.Event", PatchMeta.forKind("events.k8s.io", "Event").type());
  }

  @Test
  void shouldHaveNoMetadataForFieldsItDoesNotList() {
    PatchMeta.Field unknown = PatchMeta.forKind("", "ConfigMap").field("data");
    assertEquals("", unknown.patchStrategy());
    assertEquals(List.of(""), unknown.patchStrategies());
    assertNull(PatchMeta.forKind("", "ConfigMap").child("data").child("x").type());
  }
}
