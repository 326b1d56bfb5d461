package dev.kplane.apiserver.registry.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field manager chain (cases after kube's fieldmanager tests: conflicts, pruning, tracking, cap, migration). */
class FieldManagerTest {
  private static final ResourceType DEPLOYMENTS = BuiltinResources.find("apps", "deployments").orElseThrow();
  private static final ResourceType CONFIGMAPS = BuiltinResources.find("", "configmaps").orElseThrow();
  private final FieldManager fm = new FieldManager(Schemas::builtin,
      Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));

  @SuppressWarnings("unchecked")
  private static <T extends JsonNode> T j(String json) {
    return (T) Json.parse(json.replace('\'', '"'));
  }

  private static ObjectNode cm(String data) {
    return j("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'default'},'data':" + data + "}");
  }

  private static ObjectNode deploy(int replicas, String image) {
    return j("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','namespace':'default'},'spec':{"
        + "'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'d'}},'template':{'metadata':{'labels':"
        + "{'app':'d'}},'spec':{'containers':[{'name':'c','image':'" + image + "'}]}}}}");
  }

  /** What the store does around a write: keeps the identity the object already has. */
  private static ObjectNode stored(ObjectNode obj) {
    ObjectNode o = obj.deepCopy();
    ((ObjectNode) o.get("metadata")).put("uid", "u1").put("resourceVersion", "5");
    return o;
  }

  private static JsonNode entries(JsonNode obj) {
    return obj.path("metadata").path("managedFields");
  }

  private static JsonNode entry(JsonNode obj, String manager) {
    for (JsonNode e : entries(obj)) {
      if (e.path("manager").asText().equals(manager)) {
        return e;
      }
    }
    return null;
  }

  @Test
  void aCreateRecordsAnUpdateEntryForEveryFieldItSets() {
    ObjectNode created = cm("{'k':'v'}");
    ((ObjectNode) created.get("metadata")).putObject("labels").put("app", "x");
    fm.update(CONFIGMAPS, null, created, "kubectl-create", "");
    assertEquals(j("[{'manager':'kubectl-create','operation':'Update','apiVersion':'v1','time':'2025-01-02T03:04:05Z',"
        + "'fieldsType':'FieldsV1','fieldsV1':{'f:data':{'.':{},'f:k':{}},'f:metadata':{'f:labels':{'.':{},"
        + "'f:app':{}}}}}]"), entries(created));
  }

  @Test
  void anApplyCreatesAndOwnsExactlyTheAppliedFields() {
    ObjectNode out = fm.apply(CONFIGMAPS, null, cm("{'a':'1'}"), "alice", false, "");
    assertEquals(j("[{'manager':'alice','operation':'Apply','apiVersion':'v1','time':'2025-01-02T03:04:05Z',"
        + "'fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:a':{}}}}]"), entries(out));
    assertEquals("1", out.path("data").path("a").asText());
  }

  @Test
  void aChangeToAFieldAnotherManagerOwnsConflictsUnlessForced() {
    ObjectNode live = deploy(3, "nginx");
    fm.update(DEPLOYMENTS, null, live, "kubectl-client-side-apply", "");
    live = stored(live);
    ObjectNode config = deploy(2, "nginx");
    ObjectNode current = live;
    ApiException e = assertThrows(ApiException.class, () -> fm.apply(DEPLOYMENTS, current, config, "other", false, ""));
    assertEquals(409, e.code());
    assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas",
        e.getMessage());
    assertEquals(j("[{'reason':'FieldManagerConflict','message':'conflict with \\'kubectl-client-side-apply\\' using "
        + "apps/v1','field':'.spec.replicas'}]".replace("\\'", "\\\"")), e.status().path("details").path("causes"));

    ObjectNode forced = fm.apply(DEPLOYMENTS, live, config, "other", true, "");
    assertEquals(2, forced.path("spec").path("replicas").asInt());
    assertTrue(FieldsV1.read(entry(forced, "other").path("fieldsV1")).has(path("spec", "replicas")));
    assertFalse(FieldsV1.read(entry(forced, "kubectl-client-side-apply").path("fieldsV1"))
        .has(path("spec", "replicas")), "forcing takes the field from its owner");
  }

  @Test
  void applyingTheSameValueSharesOwnership() {
    ObjectNode live = stored(fm.apply(CONFIGMAPS, null, cm("{'a':'1'}"), "alice", false, ""));
    ObjectNode out = stored(fm.apply(CONFIGMAPS, live, cm("{'a':'1'}"), "bob", false, ""));
    assertTrue(FieldsV1.read(entry(out, "alice").path("fieldsV1")).has(path("data", "a")));
    assertTrue(FieldsV1.read(entry(out, "bob").path("fieldsV1")).has(path("data", "a")));
    ObjectNode noData = cm("{}");
    noData.remove("data");
    ObjectNode aliceLeaves = stored(fm.apply(CONFIGMAPS, out, noData, "alice", false, ""));
    assertEquals("1", aliceLeaves.path("data").path("a").asText(), "bob still owns it");
    assertNull(entry(aliceLeaves, "alice"), "alice owns nothing now");
  }

  @Test
  void aFieldTheApplierNoLongerAppliesIsRemovedButNotAnotherAppliersKey() {
    ObjectNode live = stored(fm.apply(CONFIGMAPS, null, cm("{'a':'1'}"), "alice", false, ""));
    live = stored(fm.apply(CONFIGMAPS, live, cm("{'b':'2'}"), "bob", false, ""));
    assertEquals(j("{'a':'1','b':'2'}"), live.get("data"));
    ObjectNode out = fm.apply(CONFIGMAPS, live, cm("{}"), "alice", false, "");
    assertEquals(j("{'b':'2'}"), out.get("data"));
  }

  @Test
  void anUpdateTakesTheFieldsItChangesFromTheApplier() {
    ObjectNode live = stored(fm.apply(DEPLOYMENTS, null, deploy(2, "a"), "kubectl", false, ""));
    ObjectNode scaled = live.deepCopy();
    ((ObjectNode) scaled.get("spec")).put("replicas", 5);
    fm.update(DEPLOYMENTS, live, scaled, "kubectl-edit", "");
    assertTrue(FieldsV1.read(entry(scaled, "kubectl-edit").path("fieldsV1")).has(path("spec", "replicas")));
    assertFalse(FieldsV1.read(entry(scaled, "kubectl").path("fieldsV1")).has(path("spec", "replicas")));
    ApiException e = assertThrows(ApiException.class,
        () -> fm.apply(DEPLOYMENTS, stored(scaled), deploy(2, "a"), "kubectl", false, ""));
    assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas",
        e.getMessage());
  }

  @Test
  void aScaleGivesTheScalerTheReplicas() {
    ObjectNode live = stored(fm.apply(DEPLOYMENTS, null, deploy(2, "a"), "kubectl", false, ""));
    ObjectNode scaled = live.deepCopy();
    ((ObjectNode) scaled.get("spec")).put("replicas", 5);
    fm.scale(DEPLOYMENTS, live, scaled, "kubectl");
    JsonNode scaler = null;
    for (JsonNode e : entries(scaled)) {
      if (e.path("subresource").asText().equals("scale")) {
        scaler = e;
      }
    }
    assertEquals(j("{'manager':'kubectl','operation':'Update','apiVersion':'apps/v1','fieldsType':'FieldsV1',"
        + "'fieldsV1':{'f:spec':{'f:replicas':{}}},'subresource':'scale'}"), scaler);
    ApiException e = assertThrows(ApiException.class,
        () -> fm.apply(DEPLOYMENTS, stored(scaled), deploy(2, "a"), "kubectl", false, ""));
    assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1: "
        + ".spec.replicas", e.getMessage());
  }

  @Test
  void anObjectWithoutManagedFieldsIsOwnedBeforeFirstApply() {
    ObjectNode live = stored(deploy(3, "a"));
    ApiException e = assertThrows(ApiException.class,
        () -> fm.apply(DEPLOYMENTS, live, deploy(2, "a"), "alice", false, ""));
    assertEquals("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas",
        e.getMessage());
    ObjectNode untracked = live.deepCopy();
    fm.update(DEPLOYMENTS, live, untracked, "bob", "");
    assertFalse(untracked.path("metadata").has("managedFields"), "updates do not start tracking");
  }

  @Test
  void aClientResetsManagedFieldsWithAnEmptyListOrOneEmptyEntry() {
    ObjectNode live = stored(fm.apply(CONFIGMAPS, null, cm("{'a':'1'}"), "alice", false, ""));
    for (String reset : List.of("[]", "[{}]")) {
      ObjectNode next = live.deepCopy();
      ((ObjectNode) next.get("metadata")).set("managedFields", Json.parse(reset));
      fm.update(CONFIGMAPS, live, next, "bob", "");
      assertFalse(next.path("metadata").has("managedFields"), reset);
    }
    ObjectNode kept = live.deepCopy();
    ((ObjectNode) kept.get("metadata")).remove("managedFields");
    fm.update(CONFIGMAPS, live, kept, "bob", "");
    assertEquals(entries(live), entries(kept), "a body without managedFields keeps the live ones");
  }

  @Test
  void moreThanTenUpdatersAreBucketedIntoAncientChanges() {
    ObjectNode live = stored(fm.apply(CONFIGMAPS, null, cm("{}"), "applier", false, ""));
    for (int i = 0; i < 12; i++) {
      ObjectNode next = live.deepCopy();
      ((ObjectNode) next.get("data")).put("k" + i, "v");
      fm.update(CONFIGMAPS, live, next, "m" + i, "");
      live = stored(next);
    }
    List<String> managers = new ArrayList<>();
    entries(live).forEach(e -> managers.add(e.path("manager").asText()));
    assertEquals(10, managers.stream().filter(m -> !m.equals("applier")).count(), managers.toString());
    assertTrue(managers.contains("ancient-changes"), managers.toString());
    assertTrue(FieldsV1.read(entry(live, "ancient-changes").path("fieldsV1")).has(path("data", "k0")));
  }

  @Test
  void kubectlTakesOverWhatItsClientSideApplySetWithoutConflicts() {
    ObjectNode csa = deploy(3, "a");
    ((ObjectNode) csa.get("metadata")).putObject("annotations").put(LastApplied.ANNOTATION,
        Json.write(deploy(3, "a")) + "\n");
    fm.update(DEPLOYMENTS, null, csa, "kubectl-client-side-apply", "");
    ObjectNode live = stored(csa);
    ApiException e = assertThrows(ApiException.class,
        () -> fm.apply(DEPLOYMENTS, live, deploy(3, "b"), "someone-else", false, ""));
    assertEquals(409, e.code());
    ObjectNode out = fm.apply(DEPLOYMENTS, live, deploy(3, "b"), "kubectl", false, "");
    assertEquals("b", out.at("/spec/template/spec/containers/0/image").asText());
    assertEquals(Json.parse(out.at("/metadata/annotations").path(LastApplied.ANNOTATION).asText()),
        deploy(3, "b"), "the annotation follows the applied configuration");
  }

  @Test
  void applyChecksTheKindAndRefusesManagedFields() {
    assertEquals("invalid object type: /v1, Kind=Secret", assertThrows(ApiException.class, () ->
        fm.apply(CONFIGMAPS, null, j("{'apiVersion':'v1','kind':'Secret'}"), "a", false, "")).getMessage());
    ObjectNode withEntries = cm("{}");
    ((ObjectNode) withEntries.get("metadata")).putArray("managedFields");
    assertEquals("metadata.managedFields must be nil", assertThrows(ApiException.class, () ->
        fm.apply(CONFIGMAPS, null, withEntries, "a", false, "")).getMessage());
  }

  @Test
  void anApplyThatChangesNothingKeepsTheTimeStamp() {
    ObjectNode live = stored(fm.apply(CONFIGMAPS, null, cm("{'a':'1'}"), "alice", false, ""));
    ((ObjectNode) live.at("/metadata/managedFields/0")).put("time", "2020-01-01T00:00:00Z");
    ObjectNode out = new FieldManager(Schemas::builtin, Clock.systemUTC()).apply(CONFIGMAPS, live, cm("{'a':'1'}"),
        "alice", false, "");
    assertEquals("2020-01-01T00:00:00Z", out.at("/metadata/managedFields/0/time").asText());
  }

  @Test
  void theManagerOfAWriteComesFromTheUserAgentWhenNotNamed() {
    assertEquals("kubectl", FieldManager.managerName(null, "kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9"));
    assertEquals("explicit", FieldManager.managerName("explicit", "kubectl/v1.32.0"));
    assertEquals("", FieldManager.managerName("", null));
    assertEquals("a".repeat(128), FieldManager.managerName(null, "a".repeat(200)));
  }

  private static List<PathElement> path(String... fields) {
    return java.util.Arrays.stream(fields).map(PathElement::field).toList();
  }
}
