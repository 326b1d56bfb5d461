package dev.kplane.apiserver.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.schemas.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdValidationTest {
  static ObjectNode cronTabs() {
    return (ObjectNode) Json.parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"crontabs.stable.example.com"},
         "spec":{"group":"stable.example.com","scope":"Namespaced",
           "names":{"plural":"crontabs","kind":"CronTab","shortNames":["ct"]},
           "versions":[{"name":"v1","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
               "properties":{"cronSpec":{"type":"string"},"replicas":{"type":"integer"}}}}}}}]}}
        """);
  }

  private static List<String> errors(ObjectNode crd) {
    CrdDefaults.apply(crd);
    CrdStatus.resetForCreate(crd);
    CrdStatus.update(crd, List.of(), Instant.EPOCH);
    return CrdValidation.validate(crd).stream().map(FieldError::render).toList();
  }

  @Test
  void shouldDefaultNamesAndConversionAndAcceptAValidCrd() {
    ObjectNode crd = cronTabs();
    assertEquals(List.of(), errors(crd));
    assertEquals("crontab", crd.at("/spec/names/singular").asText());
    assertEquals("CronTabList", crd.at("/spec/names/listKind").asText());
    assertEquals("None", crd.at("/spec/conversion/strategy").asText());
    assertEquals("v1", crd.at("/status/storedVersions/0").asText());
    assertEquals("crontabs", crd.at("/status/acceptedNames/plural").asText());
    assertEquals("NamesAccepted", crd.at("/status/conditions/0/type").asText());
    assertEquals("NoConflicts", crd.at("/status/conditions/0/reason").asText());
    assertEquals("Established", crd.at("/status/conditions/1/type").asText());
    assertEquals("True", crd.at("/status/conditions/1/status").asText());
  }

  @Test
  void shouldRequireTheNameToBePluralDotGroupAndAGroupWithADot() {
    ObjectNode crd = cronTabs();
    crd.with("metadata").put("name", "crontab.example");
    crd.with("spec").put("group", "example");
    crd.with("spec").put("scope", "Everywhere");
    assertEquals(List.of("metadata.name: Invalid value: \"crontab.example\": must be spec.names.plural+\".\"+spec.group",
        "spec.group: Invalid value: \"example\": should be a domain with at least one dot",
        "spec.scope: Unsupported value: \"Everywhere\": supported values: \"Cluster\", \"Namespaced\""), errors(crd));
  }

  @Test
  void shouldRequireExactlyOneStorageVersion() {
    ObjectNode crd = cronTabs();
    ((ObjectNode) crd.at("/spec/versions/0")).put("storage", false);
    List<String> errors = errors(crd);
    assertEquals(2, errors.size(), errors.toString());
    assertEquals(true, errors.get(0).startsWith("spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{"));
    assertEquals(true, errors.get(0).endsWith("must have exactly one version marked as storage version"));
    assertEquals("status.storedVersions: Invalid value: []string{}: must have at least one stored version", errors.get(1));
  }

  @Test
  void shouldReportBadNames() {
    ObjectNode crd = cronTabs();
    crd.with("metadata").put("name", "Cron_Tabs.stable.example.com");
    ((ObjectNode) crd.at("/spec/names")).put("plural", "Cron_Tabs").putArray("shortNames").add("c t");
    List<String> errors = errors(crd);
    assertEquals("spec.names.plural: Invalid value: \"Cron_Tabs\": a DNS-1035 label must consist of lower case "
        + "alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character "
        + "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')", errors.get(0));
    assertEquals(true, errors.get(1).startsWith("spec.names.shortNames[0]: Invalid value: \"c t\": a DNS-1035 label"));
  }

  @Test
  void shouldApplyTheStructuralSchemaRulesAtTheTopLevelPathOfASharedSchema() {
    ObjectNode crd = cronTabs();
    ObjectNode spec = (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    spec.with("properties").putObject("untyped");
    spec.with("properties").putObject("list").put("type", "array");
    spec.with("properties").putObject("ref").put("type", "string").put("$ref", "#/x");
    assertEquals(List.of(
        "spec.validation.openAPIV3Schema.properties[spec].properties[list].items: Required value: must be specified",
        "spec.validation.openAPIV3Schema.properties[spec].properties[untyped].type: Required value: "
            + "must not be empty for specified object fields",
        "spec.validation.openAPIV3Schema.properties[spec].properties[ref].$ref: Forbidden: $ref is not supported"),
        errors(crd));
  }

  @Test
  void shouldRequireASchemaPerVersionAndValidDefaults() {
    ObjectNode crd = cronTabs();
    ((ObjectNode) crd.at("/spec/versions/0")).remove("schema");
    assertEquals(List.of("spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"), errors(crd));
    ObjectNode bad = cronTabs();
    ((ObjectNode) bad.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/replicas")).put("default", "one");
    assertEquals(List.of("spec.validation.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: "
        + "\"string\":  in body must be of type integer: \"string\""), errors(bad));
  }

  @Test
  void shouldReportANameConflictWithinTheGroup() {
    ObjectNode other = cronTabs();
    other.with("metadata").put("name", "crontabs2.stable.example.com");
    CrdDefaults.apply(other);
    CrdStatus.resetForCreate(other);
    CrdStatus.update(other, List.of(), Instant.EPOCH);
    ObjectNode crd = cronTabs();
    ((ObjectNode) crd.at("/spec/names")).put("plural", "crontabs2").put("kind", "CronTab");
    crd.with("metadata").put("name", "crontabs2.stable.example.com");
    other.with("metadata").put("name", "crontabs.stable.example.com");
    CrdDefaults.apply(crd);
    CrdStatus.resetForCreate(crd);
    CrdStatus.update(crd, List.of(other), Instant.EPOCH);
    // the kind and the list kind both conflict; as in kube's naming controller, the last check names the reason
    assertEquals("ListKindConflict", crd.at("/status/conditions/0/reason").asText());
    assertEquals("\"CronTabList\" is already in use", crd.at("/status/conditions/0/message").asText());
    assertEquals(false, CrdStatus.isEstablished(crd));
  }
}
