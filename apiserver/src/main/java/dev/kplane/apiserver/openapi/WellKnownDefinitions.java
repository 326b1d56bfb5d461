package dev.kplane.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.Map;

/**
 * The definitions the Java client maps onto plain Java types (OffsetDateTime, Object, its own IntOrString and
 * Quantity), so that reflection cannot name them: which Kubernetes type stands behind such a field, and the
 * definitions of those types as kube-apiserver publishes them (hand-written custom OpenAPI types in apimachinery).
 */
final class WellKnownDefinitions {
  static final String TIME = DefinitionNames.META + "Time";
  static final String MICRO_TIME = DefinitionNames.META + "MicroTime";
  static final String FIELDS_V1 = DefinitionNames.META + "FieldsV1";
  static final String PATCH = DefinitionNames.META + "Patch";
  static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
  private static final String APIEXTENSIONS = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";
  static final String JSON = APIEXTENSIONS + "JSON";

  /** Date-time fields that are MicroTime in Go (the client reads both as OffsetDateTime), by class and field. */
  private static final Map<String, String> MICRO_TIME_FIELDS = Map.of(
      "CoreV1Event.eventTime", MICRO_TIME,
      "EventsV1Event.eventTime", MICRO_TIME,
      "CoreV1EventSeries.lastObservedTime", MICRO_TIME,
      "EventsV1EventSeries.lastObservedTime", MICRO_TIME,
      "V1LeaseSpec.acquireTime", MICRO_TIME,
      "V1LeaseSpec.renewTime", MICRO_TIME);

  /** What the client's java.lang.Object fields are in Go, by class and JSON field name. */
  private static final Map<String, String> OBJECT_FIELDS = Map.of(
      "V1ManagedFieldsEntry.fieldsV1", FIELDS_V1,
      "V1ControllerRevision.data", RAW_EXTENSION,
      "V1WatchEvent.object", RAW_EXTENSION,
      "V1CustomResourceSubresources.status", APIEXTENSIONS + "CustomResourceSubresourceStatus",
      "V1JSONSchemaProps.default", JSON,
      "V1JSONSchemaProps.example", JSON,
      "V1JSONSchemaProps.enum", JSON,
      "V1JSONSchemaProps.items", APIEXTENSIONS + "JSONSchemaPropsOrArray",
      "V1JSONSchemaProps.additionalItems", APIEXTENSIONS + "JSONSchemaPropsOrBool",
      "V1JSONSchemaProps.additionalProperties", APIEXTENSIONS + "JSONSchemaPropsOrBool");

  private static final Map<String, String> OBJECT_MAP_VALUES = Map.of(
      "V1JSONSchemaProps.dependencies", APIEXTENSIONS + "JSONSchemaPropsOrStringArray");

  private WellKnownDefinitions() {}

  static String timeField(String className, String field) {
    return MICRO_TIME_FIELDS.getOrDefault(className + "." + field, TIME);
  }

  /** The definition behind an Object field (or an Object list/map element); RawExtension when not listed. */
  static String objectField(String className, String field, boolean mapValue) {
    String key = className + "." + field;
    String d = mapValue ? OBJECT_MAP_VALUES.get(key) : OBJECT_FIELDS.get(key);
    return d != null ? d : RAW_EXTENSION;
  }

  /** The schema of one of the types above, or null when the name is a generated model's. */
  static ObjectNode definition(String name) {
    return switch (name) {
      case TIME -> scalar("Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  "
          + "Wrappers are provided for many of the factory methods that the time package offers.", "string", "date-time");
      case MICRO_TIME -> scalar("MicroTime is version of Time with microsecond level precision.", "string", "date-time");
      case QUANTITY -> scalar("Quantity is a fixed-point representation of a number. It provides convenient "
          + "marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.", "string", null);
      case INT_OR_STRING -> scalar("IntOrString is a type that can hold an int32 or a string.  When used in JSON or "
          + "YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for "
          + "example, a JSON field that can accept a name or number.", "string", "int-or-string");
      case FIELDS_V1 -> scalar("FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.",
          "object", null);
      case PATCH -> scalar("Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
          "object", null);
      case RAW_EXTENSION -> scalar("RawExtension is used to hold extensions in external versions.", "object", null);
      case JSON -> scalar("JSON represents any valid JSON value. These types are supported: bool, int64, float64, "
          + "string, []interface{}, map[string]interface{} and nil.", null, null);
      case APIEXTENSIONS + "JSONSchemaPropsOrArray" -> scalar("JSONSchemaPropsOrArray represents a value that can "
          + "either be a JSONSchemaProps or an array of JSONSchemaProps. Mainly here for serialization purposes.",
          null, null);
      case APIEXTENSIONS + "JSONSchemaPropsOrBool" -> scalar("JSONSchemaPropsOrBool represents JSONSchemaProps or a "
          + "boolean value. Defaults to true for the boolean property.", null, null);
      case APIEXTENSIONS + "JSONSchemaPropsOrStringArray" -> scalar("JSONSchemaPropsOrStringArray represents a "
          + "JSONSchemaProps or a string array.", null, null);
      case APIEXTENSIONS + "CustomResourceSubresourceStatus" -> scalar("CustomResourceSubresourceStatus defines how "
          + "to serve the status subresource for CustomResources.", "object", null);
      default -> null;
    };
  }

  private static ObjectNode scalar(String description, String type, String format) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("description", description);
    if (format != null) {
      s.put("format", format);
    }
    if (type != null) {
      s.put("type", type);
    }
    return s;
  }
}
