package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.PodPrinterTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Accept negotiation and the shapes of the answers: Table of one object, of a list, of watch events. */
class OutputFormatTest {
  static final String KUBECTL = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  static final ResourceType CONFIGMAPS = BuiltinResources.find("", "configmaps").orElseThrow();
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final ObjectNode CM = (ObjectNode) json("{'kind':'ConfigMap','apiVersion':'v1','metadata':{'name':'c',"
      + "'namespace':'d','resourceVersion':'7','creationTimestamp':'2024-05-01T11:59:00Z'},'data':{'a':'b'}}");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'' | OBJECT",
      "application/json | OBJECT",
      "*/* | OBJECT",
      "application/vnd.kubernetes.protobuf | OBJECT",
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json | TABLE",
      "application/json;as=Table;v=v1beta1;g=meta.k8s.io | TABLE",
      "application/yaml;as=Table;v=v1;g=meta.k8s.io | TABLE",
      "application/json, application/json;as=Table;v=v1;g=meta.k8s.io | OBJECT",
      "application/json;q=0.5, application/json;as=Table;v=v1;g=meta.k8s.io | TABLE",
      "*/*, application/json;as=Table;v=v1;g=meta.k8s.io | TABLE",
      "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json | OBJECT",
      "application/json;as=Table;v=v2;g=meta.k8s.io,application/json | OBJECT",
      "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io | PARTIAL",
      "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io | PARTIAL_LIST"})
  void shouldNegotiateLikeKubeApiserver(String accept, OutputFormat.Kind want) {
    assertEquals(want, OutputFormat.negotiate(accept, null).kind());
  }

  @Test
  void shouldRefuseConversionsItCannotMake() {
    ApiException e = assertThrows(ApiException.class,
        () -> OutputFormat.negotiate("application/json;as=Table;v=v2;g=meta.k8s.io", null));
    assertEquals(406, e.code());
    assertEquals("only the following media types are accepted: application/json, application/yaml, "
        + "application/vnd.kubernetes.protobuf", e.getMessage());
  }

  @Test
  void shouldRefuseAnUnknownIncludeObject() {
    ApiException e = assertThrows(ApiException.class, () -> OutputFormat.negotiate(KUBECTL, "All"));
    assertEquals(400, e.code());
    assertEquals("Unable to convert to Table as requested: includeObject: Invalid value: \"All\": must be "
        + "'Metadata', 'Object', 'None', or empty", e.getMessage());
    assertEquals(OutputFormat.Kind.OBJECT, OutputFormat.negotiate("application/json", "All").kind());
  }

  @Test
  void shouldAnswerAGetWithATableOfOneRowAndTheObjectsResourceVersion() {
    ObjectNode t = OutputFormat.negotiate(KUBECTL, null).object(CONFIGMAPS, TablePrinter.forType(CONFIGMAPS), CM, NOW);
    assertEquals("Table", t.get("kind").asText());
    assertEquals("meta.k8s.io/v1", t.get("apiVersion").asText());
    assertEquals("{\"resourceVersion\":\"7\"}", t.get("metadata").toString());
    assertEquals(3, t.get("columnDefinitions").size());
    assertEquals("[\"c\",1,\"60s\"]", t.get("rows").get(0).get("cells").toString());
    assertEquals(json("{'kind':'PartialObjectMetadata','apiVersion':'meta.k8s.io/v1','metadata':"
        + CM.get("metadata") + "}"), t.get("rows").get(0).get("object"));
  }

  @Test
  void shouldKeepTheListMetadataAndHonourIncludeObject() {
    ObjectNode list = (ObjectNode) json("{'kind':'ConfigMapList','apiVersion':'v1','metadata':{'resourceVersion':'9',"
        + "'continue':'abc','remainingItemCount':4},'items':[" + CM + "]}");
    ObjectNode t = OutputFormat.negotiate("application/json;as=Table;v=v1beta1;g=meta.k8s.io", "Object")
        .list(CONFIGMAPS, TablePrinter.forType(CONFIGMAPS), list, NOW);
    assertEquals("meta.k8s.io/v1beta1", t.get("apiVersion").asText());
    assertEquals("{\"resourceVersion\":\"9\",\"continue\":\"abc\",\"remainingItemCount\":4}", t.get("metadata").toString());
    assertEquals(CM, t.get("rows").get(0).get("object"));
    ObjectNode none = OutputFormat.negotiate(KUBECTL, "None").list(CONFIGMAPS, TablePrinter.forType(CONFIGMAPS), list,
        NOW);
    assertTrue(none.get("rows").get(0).get("object").isNull());
  }

  @Test
  void shouldSendColumnDefinitionsWithTheFirstWatchEventOnly() {
    OutputFormat.WatchEvents events = OutputFormat.negotiate(KUBECTL, null).watch(TablePrinter.forType(CONFIGMAPS));
    ObjectNode first = events.convert(CM, NOW);
    ObjectNode second = events.convert(CM, NOW);
    assertEquals(3, first.get("columnDefinitions").size());
    assertTrue(second.get("columnDefinitions").isNull());
    assertEquals(1, second.get("rows").size());
    assertEquals("7", second.get("metadata").get("resourceVersion").asText());
    ObjectNode status = (ObjectNode) json("{'kind':'Status','apiVersion':'v1','status':'Failure','code':410}");
    assertEquals(status, events.convert(status, NOW));
  }

  @Test
  void shouldAnswerPartialObjectMetadataOrRefuseTheWrongShape() {
    ObjectNode list = (ObjectNode) json("{'metadata':{'resourceVersion':'9'},'items':[]}");
    ObjectNode partialList = OutputFormat.negotiate("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io",
        null).list(CONFIGMAPS, null, list, NOW);
    assertEquals("{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":"
        + "{\"resourceVersion\":\"9\"},\"items\":null}", partialList.toString());
    ApiException e = assertThrows(ApiException.class, () -> OutputFormat.negotiate(
        "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io", null).list(CONFIGMAPS, null, list, NOW));
    assertEquals(406, e.code());
    assertEquals("you requested PartialObjectMetadata, but the requested object is a list (*core.ConfigMapList)",
        e.getMessage());
  }

  @Test
  void shouldGiveTheDefaultTableNullRowsForAnEmptyList() {
    ResourceType roles = BuiltinResources.find("rbac.authorization.k8s.io", "roles").orElseThrow();
    ObjectNode t = TablePrinter.table(roles, java.util.List.of(), IncludeObject.METADATA, NOW);
    assertTrue(t.get("rows").isNull());
    assertEquals(java.util.List.of("Name", "Created At"), t.get("columnDefinitions").findValuesAsText("name"));
  }
}
