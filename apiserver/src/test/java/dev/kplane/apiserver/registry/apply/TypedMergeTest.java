package dev.kplane.apiserver.registry.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import org.junit.jupiter.api.Test;

/**
 * The typed merge, comparison and field sets over the built-in schema (cases after structured-merge-diff's typed and
 * merge tests: associative lists, sets, atomic lists and structs, maps, list order).
 */
class TypedMergeTest {
  private static final TypeNode DEPLOYMENT = Schemas.builtin().forKind("apps", "v1", "Deployment");
  private static final TypeNode POD = Schemas.builtin().forKind("", "v1", "Pod");

  private static JsonNode j(String json) {
    return Json.parse(json.replace('\'', '"'));
  }

  private static JsonNode pod(String spec) {
    return j("{'spec':" + spec + "}");
  }

  @Test
  void containersMergeByNameAndTheirFieldsOneByOne() {
    JsonNode merged = Merge.merge(pod("{'containers':[{'name':'a','image':'x','args':['1']},{'name':'b','image':'y'}]}"),
        pod("{'containers':[{'name':'a','image':'z'}]}"), POD);
    assertEquals(pod("{'containers':[{'name':'a','image':'z','args':['1']},{'name':'b','image':'y'}]}"), merged);
  }

  @Test
  void portsMergeByContainerPortAndProtocolWhichDefaultsToTcp() {
    JsonNode merged = Merge.merge(
        pod("{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','name':'http'}]}]}"),
        pod("{'containers':[{'name':'a','ports':[{'containerPort':80,'hostPort':8080},{'containerPort':53,"
            + "'protocol':'UDP'}]}]}"), POD);
    assertEquals(pod("{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','name':'http',"
        + "'hostPort':8080},{'containerPort':53,'protocol':'UDP'}]}]}"), merged);
  }

  @Test
  void atomicListsAndStructsAreReplacedWhole() {
    JsonNode merged = Merge.merge(
        pod("{'containers':[{'name':'a','args':['1','2'],'command':['sh']}],'nodeSelector':{'a':'1'},"
            + "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
            + "[{'matchExpressions':[{'key':'k','operator':'Exists'}]}]}}}}"),
        pod("{'containers':[{'name':'a','args':['3']}],'nodeSelector':{'b':'2'},'affinity':{'nodeAffinity':"
            + "{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':[{'matchFields':[]}]}}}}"), POD);
    assertEquals(pod("{'containers':[{'name':'a','args':['3'],'command':['sh']}],'nodeSelector':{'b':'2'},"
        + "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
        + "[{'matchFields':[]}]}}}}"), merged, "args is atomic, nodeSelector an atomic map, NodeSelector atomic");
  }

  @Test
  void setsMergeAsSetsAndMapsPerKey() {
    JsonNode merged = Merge.merge(j("{'metadata':{'finalizers':['a','b'],'labels':{'x':'1','y':'2'}}}"),
        j("{'metadata':{'finalizers':['c','a'],'labels':{'y':'3'}}}"), POD);
    assertEquals(j("{'metadata':{'finalizers':['c','a','b'],'labels':{'x':'1','y':'3'}}}"), merged);
  }

  @Test
  void listOrderKeepsTheAppliedOrderAndLiveItemsAroundIt() {
    JsonNode merged = Merge.merge(pod("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}"),
        pod("{'containers':[{'name':'c'},{'name':'a'}]}"), POD);
    assertEquals(pod("{'containers':[{'name':'b'},{'name':'c'},{'name':'a'}]}"), merged);
    merged = Merge.merge(pod("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}"),
        pod("{'containers':[{'name':'b'},{'name':'d'}]}"), POD);
    assertEquals(pod("{'containers':[{'name':'a'},{'name':'b'},{'name':'c'},{'name':'d'}]}"), merged);
  }

  @Test
  void anItemWithoutItsKeyIsAnError() {
    var e = assertThrows(Shapes.SchemaError.class,
        () -> Merge.merge(pod("{}"), pod("{'containers':[{'image':'x'}]}"), POD));
    assertEquals(".spec.containers: element 0: associative list with keys has an element that omits key field "
        + "\"name\" (and doesn't have default value)", e.getMessage());
    assertThrows(Shapes.SchemaError.class,
        () -> Merge.merge(pod("{}"), pod("{'containers':[{'name':'a'},{'name':'a'}]}"), POD), "duplicate key");
  }

  @Test
  void fieldSetsNameLeavesItemsAndMapKeysButNotStructFields() {
    JsonNode d = j("{'metadata':{'labels':{'app':'x'}},'spec':{'replicas':2,'selector':{'matchLabels':{'app':'x'}},"
        + "'template':{'spec':{'containers':[{'name':'c','image':'i','resources':{}}]}},'strategy':{}}}");
    assertEquals("{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}},\"f:spec\":{\"f:replicas\":{},\"f:selector\":{},"
        + "\"f:strategy\":{},\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"c\\\"}\":{\".\":{},"
        + "\"f:image\":{},\"f:name\":{},\"f:resources\":{}}}}}}}", Json.write(FieldsV1.write(FieldSets.of(d, DEPLOYMENT))));
  }

  @Test
  void comparisonNamesAddedModifiedAndRemovedFieldsAndNewMaps() {
    Compare.Comparison c = Compare.compare(j("{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'replicas':1}}"),
        j("{'metadata':{'labels':{'a':'9'},'annotations':{'n':'v'}},'spec':{'replicas':1,'paused':true}}"), DEPLOYMENT);
    assertEquals(FieldsV1.read(j("{'f:metadata':{'f:annotations':{'.':{},'f:n':{}}},'f:spec':{'f:paused':{}}}")),
        c.added());
    assertEquals(FieldsV1.read(j("{'f:metadata':{'f:labels':{'f:a':{}}}}")), c.modified());
    assertEquals(FieldsV1.read(j("{'f:metadata':{'f:labels':{'f:b':{}}}}")), c.removed());
  }

  @Test
  void removalDropsItemsAndEmptiedParents() {
    JsonNode v = pod("{'containers':[{'name':'a','image':'x'},{'name':'b','env':[{'name':'E','value':'1'}]}]}");
    FieldSet remove = FieldsV1.read(j("{'f:spec':{'f:containers':{'k:{\\'name\\':\\'a\\'}':{},"
        + "'k:{\\'name\\':\\'b\\'}':{'f:env':{'k:{\\'name\\':\\'E\\'}':{}}}}}}"));
    assertEquals(pod("{'containers':[{'name':'b'}]}"), RemoveItems.remove(v, remove, POD));
  }
}
