package dev.kplane.controllers.namespace;

import static dev.kplane.controllers.Fixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.ControllerDriver;
import dev.kplane.controllers.lifecycle.ObjectLifecycleController;
import dev.kplane.controllers.serviceaccount.ServiceAccountsController;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.avro.Request;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NamespaceControllerTest {
  static final ResourceType NAMESPACES = BuiltinResources.find("", "namespaces").orElseThrow();
  static final ResourceType CONFIGMAPS = BuiltinResources.find("", "configmaps").orElseThrow();
  static final ResourceType SERVICE_ACCOUNTS = BuiltinResources.find("", "serviceaccounts").orElseThrow();
  final ControllerDriver driver = new ControllerDriver(new ObjectLifecycleController(), new ServiceAccountsController());

  @AfterEach
  void close() {
    driver.close();
  }

  static ObjectNode namespace(boolean terminating) {
    return object("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'ns','uid':'ns-uid'"
        + (terminating ? ",'deletionTimestamp':'2026-01-01T00:00:00Z'" : "") + "},'spec':{'finalizers':['kubernetes']},"
        + "'status':{'phase':'" + (terminating ? "Terminating" : "Active") + "'}}");
  }

  List<String> sent() {
    driver.advance();
    return driver.requests().stream().map((Request r) -> r.getVerb() + " " + r.getPath()).toList();
  }

  @Test
  void shouldGiveANamespaceItsDefaultServiceAccountAgainWhenItIsDeleted() {
    driver.put(NAMESPACES, namespace(false));
    assertEquals(List.of("create /api/v1/namespaces/ns/serviceaccounts"), sent());
    ObjectNode sa = object("{'apiVersion':'v1','kind':'ServiceAccount','metadata':{'name':'default','namespace':'ns','uid':'sa'}}");
    driver.put(SERVICE_ACCOUNTS, sa);
    assertEquals(List.of(), sent());
    driver.delete(SERVICE_ACCOUNTS, sa);
    assertEquals(List.of("create /api/v1/namespaces/ns/serviceaccounts"), sent());
  }

  @Test
  void shouldEmptyATerminatingNamespaceThenFinalizeIt() {
    ObjectNode cm = object("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'ns','uid':'c-uid'}}");
    driver.put(NAMESPACES, namespace(false));
    driver.put(CONFIGMAPS, cm);
    sent();
    driver.put(NAMESPACES, namespace(true));
    List<String> first = sent();
    assertEquals(NamespaceReconciler.CONTENT.size() + 1, first.size());
    assertTrue(first.contains("delete /api/v1/namespaces/ns/configmaps"));
    assertTrue(first.contains("delete /apis/apps/v1/namespaces/ns/deployments"));
    assertEquals("update /api/v1/namespaces/ns/status", first.get(first.size() - 1));
    driver.delete(CONFIGMAPS, cm);
    assertEquals(List.of(), sent());
    driver.advance(java.time.Duration.ofSeconds(3));
    assertEquals(List.of("update /api/v1/namespaces/ns/finalize"),
        driver.requests().stream().map((Request r) -> r.getVerb() + " " + r.getPath()).toList());
  }
}
