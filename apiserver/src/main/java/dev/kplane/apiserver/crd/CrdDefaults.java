package dev.kplane.apiserver.crd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The defaults of apiextensions.k8s.io/v1 CustomResourceDefinitions (SetDefaults_CustomResourceDefinitionSpec). */
public final class CrdDefaults {
  private CrdDefaults() {}

  /** Defaults a CRD in place: singular and listKind from the kind, the None conversion. */
  public static void apply(ObjectNode crd) {
    ObjectNode spec = crd.withObjectProperty("spec");
    ObjectNode names = spec.withObjectProperty("names");
    String kind = names.path("kind").asText("");
    if (names.path("singular").asText("").isEmpty()) {
      names.put("singular", kind.toLowerCase(Locale.ROOT));
    }
    if (names.path("listKind").asText("").isEmpty() && !kind.isEmpty()) {
      names.put("listKind", kind + "List");
    }
    if (!spec.path("conversion").isObject()) {
      spec.putObject("conversion").put("strategy", "None");
    }
  }
}
