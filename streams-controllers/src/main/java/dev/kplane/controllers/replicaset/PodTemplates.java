package dev.kplane.controllers.replicaset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.objects.OwnerReferences;
import dev.kplane.schemas.Json;
import java.security.SecureRandom;
import java.util.Random;

/** Pods from a controller's template (controller_utils.go GetPodFromTemplate), named as the API server would. */
public final class PodTemplates {
  /** utilrand's alphabet: no vowels (no words), no 0/1/3 (look like letters). */
  static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  /** names.maxGeneratedNameLength: 63 minus the 5 random characters. */
  static final int MAX_GENERATED_NAME_LENGTH = 58;
  private static final Random RANDOM = new SecureRandom();

  private PodTemplates() {}

  /** getPodsPrefix: "<owner>-", cut as SimpleNameGenerator cuts it. */
  public static String generateName(String ownerName) {
    return ownerName + "-";
  }

  /**
   * The name the API server would generate from generateName (SimpleNameGenerator): the base cut to 58 characters
   * and 5 random characters. The controller picks it itself so a repeated create is AlreadyExists.
   */
  public static String randomName(String generateName) {
    String base = generateName.length() > MAX_GENERATED_NAME_LENGTH
        ? generateName.substring(0, MAX_GENERATED_NAME_LENGTH) : generateName;
    StringBuilder sb = new StringBuilder(base);
    for (int i = 0; i < 5; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** The pod to create: the template's labels, annotations, finalizers and spec, a controller reference, a name. */
  public static ObjectNode pod(JsonNode owner, String apiVersion, String kind, JsonNode template, String name) {
    ObjectNode pod = Json.MAPPER.createObjectNode();
    pod.put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    meta.put("name", name);
    meta.put("generateName", generateName(Objects.name(owner)));
    meta.put("namespace", Objects.namespace(owner));
    JsonNode tmeta = template.path("metadata");
    for (String f : new String[] {"labels", "annotations", "finalizers"}) {
      if (tmeta.has(f) && !tmeta.get(f).isEmpty()) {
        meta.set(f, tmeta.get(f).deepCopy());
      }
    }
    meta.putArray("ownerReferences").add(OwnerReferences.controllerRef(owner, apiVersion, kind));
    pod.set("spec", template.path("spec").deepCopy());
    return pod;
  }
}
