package dev.kplane.controllers.garbagecollector;

import static dev.kplane.controllers.Fixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerDriver;
import dev.kplane.controllers.lifecycle.ObjectLifecycleController;
import dev.kplane.controllers.Fixtures;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GarbageCollectorControllerTest {
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  static final ResourceType RS = BuiltinResources.find("apps", "replicasets").orElseThrow();
  final ControllerDriver driver = new ControllerDriver(new ObjectLifecycleController());

  @AfterEach
  void close() {
    driver.close();
  }

  static ObjectNode deleting(ObjectNode o, String finalizer) {
    ObjectNode c = o.deepCopy();
    ((ObjectNode) c.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z").putArray("finalizers")
        .add(finalizer);
    return c;
  }

  static ObjectNode blocking(ObjectNode pod) {
    ObjectNode p = pod.deepCopy();
    ((ObjectNode) p.at("/metadata/ownerReferences/0")).put("blockOwnerDeletion", true);
    return p;
  }

  static String describe(Request r) {
    return r.getVerb() + " " + r.getPath() + " " + (r.getBody() == null ? "" : r.getBody());
  }

  List<String> sent() {
    driver.advance();
    return driver.requests().stream().map(GarbageCollectorControllerTest::describe).toList();
  }

  @Test
  void shouldDeleteDependentsOfAGoneOwnerInTheBackground() {
    ObjectNode rs = Fixtures.replicaSet("web", 1);
    driver.put(RS, rs);
    driver.put(PODS, Fixtures.pod("p1", "web", rs));
    assertEquals(List.of(), sent());
    driver.delete(RS, rs);
    assertEquals(List.of("delete /api/v1/namespaces/ns/pods/p1 {\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\","
        + "\"preconditions\":{\"uid\":\"uid-p1\"},\"propagationPolicy\":\"Background\"}"), sent());
  }

  @Test
  void shouldRemoveBlockingDependentsBeforeTheForegroundFinalizer() {
    ObjectNode rs = Fixtures.replicaSet("web", 1);
    ObjectNode pod = blocking(Fixtures.pod("p1", "web", rs));
    driver.put(RS, rs);
    driver.put(PODS, pod);
    sent();
    driver.put(RS, deleting(rs, "foregroundDeletion"));
    assertEquals(List.of("delete /api/v1/namespaces/ns/pods/p1 {\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\","
        + "\"preconditions\":{\"uid\":\"uid-p1\"},\"propagationPolicy\":\"Background\"}"), sent());
    driver.delete(PODS, pod);
    // the RS's resourceVersion is its record's offset + 1 (the second record of its topic)
    assertEquals(List.of("patch /apis/apps/v1/namespaces/ns/replicasets/web "
        + "{\"metadata\":{\"resourceVersion\":\"2\",\"finalizers\":null}}"), sent());
  }

  @Test
  void shouldOrphanDependentsThenDropTheOrphanFinalizer() {
    ObjectNode rs = Fixtures.replicaSet("web", 1);
    ObjectNode pod = Fixtures.pod("p1", "web", rs);
    driver.put(RS, rs);
    driver.put(PODS, pod);
    sent();
    driver.put(RS, deleting(rs, "orphan"));
    assertEquals(List.of("patch /api/v1/namespaces/ns/pods/p1 {\"metadata\":{\"resourceVersion\":\"1\","
        + "\"ownerReferences\":null}}"), sent());
    ObjectNode orphan = pod.deepCopy();
    ((ObjectNode) orphan.get("metadata")).remove("ownerReferences");
    driver.put(PODS, orphan);
    assertEquals(List.of("patch /apis/apps/v1/namespaces/ns/replicasets/web "
        + "{\"metadata\":{\"resourceVersion\":\"2\",\"finalizers\":null}}"), sent());
  }

  @Test
  void shouldDropAReferenceToAReplacedOwnerButKeepTheObjectForItsLiveOwner() {
    ObjectNode live = Fixtures.replicaSet("live", 1);
    ObjectNode pod = Fixtures.pod("p1", "web", live);
    ((com.fasterxml.jackson.databind.node.ArrayNode) pod.at("/metadata/ownerReferences")).add(Json.parse(
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"old\",\"uid\":\"stale-uid\"}"));
    driver.put(RS, live);
    driver.put(RS, Fixtures.replicaSet("old", 1));
    driver.put(PODS, pod);
    assertEquals(List.of("patch /api/v1/namespaces/ns/pods/p1 {\"metadata\":{\"resourceVersion\":\"1\","
        + "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"live\",\"uid\":\"uid-live\","
        + "\"controller\":true}]}}"), sent());
  }

  @Test
  void shouldNeverCollectThroughAClusterScopedOwner() {
    ObjectNode pod = object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'ns','uid':'u',"
        + "'ownerReferences':[{'apiVersion':'v1','kind':'Node','name':'gone','uid':'n'}]}}");
    driver.put(PODS, pod);
    assertEquals(List.of(), sent());
  }
}
