package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.PodPrinterTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CRD additionalPrinterColumns: the JSONPath subset and the cell conversion of the CRD table convertor. */
class PrinterColumnsTest {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final JsonNode OBJ = json("{'metadata':{'name':'w','creationTimestamp':'2024-05-01T11:00:00Z',"
      + "'labels':{'a.b/c':'v'}},'spec':{'replicas':3,'ratio':0.5,'big':1234567.0,'on':true,'nothing':null,"
      + "'items':[{'name':'i0','n':1},{'name':'i1','n':2},{'name':'i2','n':3}],'map':{'z':1,'a':'<x>'}},"
      + "'status':{'conditions':[{'type':'Ready','status':'True','at':'2024-05-01T11:59:00Z'},"
      + "{'type':'Synced','status':'False'}]}}");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      ".spec.replicas | string | 3",
      ".spec.replicas | integer | 3",
      ".spec.ratio | integer | 0",
      ".spec.ratio | number | 0.5",
      ".spec.ratio | string | 0.5",
      ".spec.big | string | 1.234567e+06",
      ".spec.on | boolean | true",
      ".spec.on | string | true",
      ".spec.replicas | boolean | <null>",
      ".spec.nothing | string | <no value>",
      ".spec.nothing | integer | <null>",
      ".spec.missing | string | <null>",
      ".spec.items[1].name | string | i1",
      ".spec.items[-1].name | string | i2",
      ".spec.items[5].name | string | <null>",
      ".spec.items[*].name | string | i0",
      ".spec.items[1:].name | string | i1",
      ".spec.items[?(@.n>1)].name | string | i1",
      ".spec.items[?(@.name=='i2')].n | integer | 3",
      ".spec.items[?(@.n=='x')].name | string | <null>",
      ".status.conditions[?(@.type==\"Ready\")].status | string | True",
      ".status.conditions[?(@.at)].type | string | Ready",
      ".metadata.labels['a.b/c'] | string | v",
      ".spec.map | string | {\"a\":\"\\u003cx\\u003e\",\"z\":1}",
      ".spec.items[0] | string | {\"n\":1,\"name\":\"i0\"}",
      "..name | string | w",
      ".status.conditions[0].at | date | 60s",
      ".metadata.name | date | <invalid>",
      ".spec.replicas | date | <null>",
      ".spec.replicas | other | <null>"})
  void shouldComputeCellsLikeTheCrdTableConvertor(String path, String type, String want) {
    Object cell = PrinterColumns.cell(JsonPath.parse(path), type, OBJ, NOW);
    assertEquals(want.equals("<null>") ? null : want, cell == null ? null : String.valueOf(cell));
  }

  @Test
  void shouldPutNameFirstAndTheCrdColumnsAfter() {
    com.fasterxml.jackson.databind.node.ArrayNode cols = dev.kplane.schemas.Json.MAPPER.createArrayNode();
    cols.addObject().put("name", "Replicas").put("type", "integer").put("jsonPath", ".spec.replicas");
    cols.addObject().put("name", "Ready").put("type", "string").put("priority", 1).put("description", "ready?")
        .put("jsonPath", ".status.conditions[?(@.type==\"Ready\")].status");
    cols.addObject().put("name", "Age").put("type", "date").put("jsonPath", ".metadata.creationTimestamp");
    ObjectNode t = TablePrinter.forPrinterColumns(cols).table(List.of((ObjectNode) OBJ), IncludeObject.NONE, NOW);
    com.fasterxml.jackson.databind.node.ArrayNode want = dev.kplane.schemas.Json.MAPPER.createArrayNode();
    want.add(Column.nameColumn().toJson());
    want.add(new Column("Replicas", "integer", "", "Custom resource definition column (in JSONPath format): "
        + ".spec.replicas", 0).toJson());
    want.add(new Column("Ready", "string", "", "ready?", 1).toJson());
    want.add(new Column("Age", "date", "", "Custom resource definition column (in JSONPath format): "
        + ".metadata.creationTimestamp", 0).toJson());
    assertEquals(want, t.get("columnDefinitions"));
    assertEquals("[\"w\",3,\"True\",\"60m\"]", t.get("rows").get(0).get("cells").toString());
  }

  @Test
  void shouldServeAnAgeColumnWhenTheCrdDeclaresNone() {
    TableConvertor c = TablePrinter.forPrinterColumns(json("[]"));
    assertEquals(List.of("Name", "Age"), c.columnNames());
    ObjectNode t = c.table(List.of((ObjectNode) OBJ), IncludeObject.NONE, NOW);
    assertEquals("date", t.get("columnDefinitions").get(1).get("type").asText());
    assertEquals(Column.AGE_DOC, t.get("columnDefinitions").get(1).get("description").asText());
    assertEquals("[\"w\",\"60m\"]", t.get("rows").get(0).get("cells").toString());
  }

  @Test
  void shouldKeepTheColumnsBeforeAnUnparsablePath() {
    TableConvertor c = TablePrinter.forPrinterColumns(json("[{'name':'A','type':'string','jsonPath':'.a'},"
        + "{'name':'B','type':'string','jsonPath':'.b[?(@.x'},{'name':'C','type':'string','jsonPath':'.c'}]"));
    assertEquals(List.of("Name", "A"), c.columnNames());
  }

  @Test
  void shouldRefusePathsThatDoNotParse() {
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(".a[1"));
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(".a[?(@.b ~ 1)]"));
    assertThrows(IllegalArgumentException.class, () -> JsonPath.parse("a b"));
  }
}
