package dev.kplane.controllers.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.controllers.ControllerDriver;
import dev.kplane.controllers.Fixtures;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.avro.Request;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeploymentControllerTest {
  private final ControllerDriver driver = new ControllerDriver(new DeploymentController());

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void shouldCreateTheReplicaSetAndWriteStatusAndRevision() {
    driver.put(DeploymentController.DEPLOYMENTS, Fixtures.object(
        "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'ns','uid':'d-uid','generation':1},"
            + "'spec':{'replicas':2,'progressDeadlineSeconds':600,'revisionHistoryLimit':10,"
            + "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},"
            + "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
            + "'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}"));
    driver.advance();
    List<Request> requests = driver.requests();
    assertEquals(List.of("create", "update", "patch"), requests.stream().map(Request::getVerb).toList());
    JsonNode rs = Json.parse(requests.get(0).getBody());
    assertEquals("/apis/apps/v1/namespaces/ns/replicasets", requests.get(0).getPath());
    assertEquals(2, rs.path("spec").path("replicas").asInt());
    assertEquals("/apis/apps/v1/namespaces/ns/deployments/web/status", requests.get(1).getPath());
    assertEquals("NewReplicaSetCreated",
        Json.parse(requests.get(1).getBody()).path("status").path("conditions").path(0).path("reason").asText());
    assertEquals("1", Json.parse(requests.get(2).getBody()).path("metadata").path("annotations")
        .path("deployment.kubernetes.io/revision").asText());
  }
}
