package dev.kplane.controllers.endpointslice;

import static dev.kplane.controllers.Fixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerDriver;
import dev.kplane.controllers.endpoints.EndpointsController;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointControllersTest {
  static final ResourceType SERVICES = BuiltinResources.find("", "services").orElseThrow();
  static final ResourceType PODS = BuiltinResources.find("", "pods").orElseThrow();
  static final ResourceType SLICES = BuiltinResources.find("discovery.k8s.io", "endpointslices").orElseThrow();
  final ControllerDriver driver = new ControllerDriver(new EndpointSliceController(), new EndpointsController());

  @AfterEach
  void close() {
    driver.close();
  }

  static ObjectNode service() {
    return object("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'ns','uid':'s'},"
        + "'spec':{'selector':{'app':'web'},'clusterIP':'10.0.0.9','ipFamilies':['IPv4'],"
        + "'ports':[{'name':'http','port':80,'protocol':'TCP','targetPort':8080}]}}");
  }

  static ObjectNode pod(String name, String ip, boolean ready) {
    return object("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "','namespace':'ns','uid':'u-" + name
        + "','labels':{'app':'web'}},'spec':{'nodeName':'n1'},'status':{'phase':'Running','podIP':'" + ip
        + "','podIPs':[{'ip':'" + ip + "'}],'conditions':[{'type':'Ready','status':'" + (ready ? "True" : "False")
        + "'}]}}");
  }

  List<Request> sent() {
    driver.advance();
    return driver.requests();
  }

  @Test
  void shouldCreateOneSliceAndTheEndpointsThenWaitForTheSliceBeforeDecidingAgain() {
    driver.put(SERVICES, service());
    driver.put(PODS, pod("a", "10.1.0.1", true));
    driver.put(PODS, pod("b", "10.1.0.2", false));
    List<Request> first = sent();
    assertEquals(List.of("create /api/v1/namespaces/ns/endpoints",
        "create /apis/discovery.k8s.io/v1/namespaces/ns/endpointslices"), first.stream().map(r -> r.getVerb() + " " + r.getPath()).sorted().toList());
    JsonNode slice = Json.parse(first.stream().filter(r -> r.getPath().contains("endpointslices")).findFirst()
        .orElseThrow().getBody());
    assertEquals(2, slice.path("endpoints").size());
    assertEquals(true, slice.path("metadata").path("name").asText().matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}"));

    // a pod change before the slice is seen does not create a second slice
    driver.put(PODS, pod("c", "10.1.0.3", true));
    assertEquals(List.of(), sent().stream().filter(r -> r.getPath().contains("endpointslices")).toList());

    ObjectNode stored = (ObjectNode) slice.deepCopy();
    stored.with("metadata").put("uid", "slice-uid");
    driver.put(SLICES, stored);
    driver.advance(Duration.ofSeconds(2));
    List<Request> update = driver.requests().stream().filter(r -> r.getPath().contains("endpointslices")).toList();
    assertEquals(1, update.size());
    assertEquals("update", update.get(0).getVerb());
    assertEquals(3, Json.parse(update.get(0).getBody()).path("endpoints").size());
  }

  @Test
  void shouldLeaveServicesWithoutSelectorAlone() {
    ObjectNode svc = service();
    ((ObjectNode) svc.get("spec")).remove("selector");
    driver.put(SERVICES, svc);
    driver.put(PODS, pod("a", "10.1.0.1", true));
    assertEquals(List.of(), sent());
  }
}
