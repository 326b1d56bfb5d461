package dev.kplane.apiserver.registry.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import org.junit.jupiter.api.Test;

/** The built-in kinds' schemas as compiled from the published OpenAPI definitions. */
class KnownFieldsTest {
  @Test
  void shouldKnowEveryBuiltInKindAndItsTypeMetaAndMetadata() {
    for (ResourceType t : BuiltinResources.ALL_TYPES) {
      FieldSchema.Struct s = assertInstanceOf(FieldSchema.Struct.class, KnownFields.forType(t), t.kind());
      assertNotNull(s.field("apiVersion"), t.kind());
      assertNotNull(s.field("kind"), t.kind());
      assertInstanceOf(FieldSchema.Struct.class, s.field("metadata"), t.kind());
    }
    assertNull(KnownFields.forKind("example.com", "v1", "Widget"));
  }

  @Test
  void shouldFollowReferencesDownToContainersAndTheirKube132Fields() {
    FieldSchema.Struct podSpec = struct(KnownFields.forKind("", "v1", "Pod"), "spec");
    FieldSchema.Struct container = (FieldSchema.Struct) ((FieldSchema.ListOf) podSpec.field("containers")).items();
    assertNotNull(container.field("imagePullPolicy"));
    assertNull(container.field("imagepullpolicy"));
    assertNotNull(podSpec.field("resources"), "PodSpec.resources, new in 1.32");
    assertNotNull(struct(podSpec, "securityContext").field("seLinuxChangePolicy"), "new in 1.32");
    FieldSchema.Struct resources = struct(container, "resources");
    assertEquals(new FieldSchema.MapOf(FieldSchema.OPAQUE), resources.field("limits"), "a map of Quantity");
    assertSame(FieldSchema.OPAQUE, struct(struct(container, "livenessProbe"), "httpGet").field("port"), "IntOrString");
  }

  @Test
  void shouldTreatMetadataMapsAsMapsAndManagedFieldsAsOpaque() {
    FieldSchema.Struct meta = struct(KnownFields.forKind("apps", "v1", "Deployment"), "metadata");
    assertEquals(new FieldSchema.MapOf(new FieldSchema.Scalar("string")), meta.field("labels"));
    assertSame(FieldSchema.OPAQUE, meta.field("creationTimestamp"));
    FieldSchema.Struct entry = (FieldSchema.Struct) ((FieldSchema.ListOf) meta.field("managedFields")).items();
    assertSame(FieldSchema.OPAQUE, entry.field("fieldsV1"));
  }

  @Test
  void shouldTreatRawExtensionsAsOpaque() {
    assertSame(FieldSchema.OPAQUE, ((FieldSchema.Struct) KnownFields.forKind("apps", "v1", "ControllerRevision"))
        .field("data"));
  }

  private static FieldSchema.Struct struct(FieldSchema s, String field) {
    return (FieldSchema.Struct) ((FieldSchema.Struct) s).field(field);
  }
}
