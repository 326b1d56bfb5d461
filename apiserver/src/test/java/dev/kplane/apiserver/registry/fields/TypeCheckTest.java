package dev.kplane.apiserver.registry.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kplane.schemas.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** encoding/json's type errors for built-in kinds, as kube-apiserver (and kubectl's own decoder) print them. */
class TypeCheckTest {
  private static final String DEPLOYMENT = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},"
      + "\"spec\":{\"replicas\":%s,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":%s},"
      + "\"spec\":{\"containers\":%s}}}}";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2 | {\"a\":\"b\"} | [{\"name\":\"c\",\"image\":\"x\",\"ports\":[{\"containerPort\":80}]}] | ",
      "null | null | null | ",
      "\"three\" | {} | [] | json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
      "1.5 | {} | [] | json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32",
      "3000000000 | {} | [] | json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32",
      "1 | \"x\" | [] | json: cannot unmarshal string into Go struct field ObjectMeta.spec.template.metadata.labels of type map[string]string",
      "1 | {\"a\":1} | [] | json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string",
      "1 | {} | {\"name\":\"c\"} | json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container",
      "1 | {} | [{\"name\":\"c\",\"image\":7}] | json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string",
      "1 | {} | [{\"name\":\"c\",\"ports\":[{\"containerPort\":\"80\"}]}] | json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
      "1 | {} | [{\"name\":\"c\",\"stdin\":\"yes\"}] | json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.stdin of type bool",
  })
  void shouldReportTheFirstValueThatDoesNotFitItsGoType(String replicas, String labels, String containers, String want) {
    var d = Json.parse(String.format(DEPLOYMENT, replicas, labels, containers));
    FieldSchema schema = KnownFields.forKind("apps", "v1", "Deployment");
    if (want == null) {
      assertNull(TypeCheck.firstError(schema, d));
    } else {
      assertEquals(want, TypeCheck.firstError(schema, d));
    }
  }
}
