package dev.kplane.apiserver.codec;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the JSON of a Go API type differs from its protobuf message, field by field (k8s.io/api v0.32 types.go):
 * embedded structs, the two fields whose protobuf name is not the JSON name, and zero values JSON keeps.
 */
final class GoJsonFields {
  /** Embedded structs: `json:",inline"` in Go, a nested message in protobuf. */
  private static final Set<String> INLINED = Set.of(
      "k8s.io.api.core.v1.Volume.volumeSource",
      "k8s.io.api.core.v1.PersistentVolumeSpec.persistentVolumeSource",
      "k8s.io.api.core.v1.Probe.handler",
      "k8s.io.api.core.v1.EphemeralContainer.ephemeralContainerCommon",
      "k8s.io.api.core.v1.SecretProjection.localObjectReference",
      "k8s.io.api.core.v1.ConfigMapVolumeSource.localObjectReference",
      "k8s.io.api.core.v1.ConfigMapProjection.localObjectReference",
      "k8s.io.api.core.v1.ConfigMapKeySelector.localObjectReference",
      "k8s.io.api.core.v1.SecretKeySelector.localObjectReference",
      "k8s.io.api.core.v1.ConfigMapEnvSource.localObjectReference",
      "k8s.io.api.core.v1.SecretEnvSource.localObjectReference",
      "k8s.io.api.networking.v1.IngressRule.ingressRuleValue");

  /** go-to-protobuf derived these names from the Go field name (APIGroup, UID) instead of the JSON tag. */
  private static final Map<String, String> RENAMED = Map.of(
      "k8s.io.api.networking.v1.IngressClassParametersReference.aPIGroup", "apiGroup",
      "k8s.io.api.authentication.v1.BoundObjectReference.uID", "uid");

  private static final Set<String> ZERO_VALUED = load("zero-valued-fields.txt");

  private GoJsonFields() {}

  static boolean inlined(FieldDescriptor field) {
    return INLINED.contains(field.getFullName());
  }

  static String jsonName(FieldDescriptor field) {
    return RENAMED.getOrDefault(field.getFullName(), field.getName());
  }

  /** Whether Go's JSON writes this scalar field even when it holds "", 0 or false. */
  static boolean writesZero(FieldDescriptor field) {
    return ZERO_VALUED.contains(field.getFullName());
  }

  private static Set<String> load(String resource) {
    Set<String> names = new HashSet<>();
    try (InputStream in = GoJsonFields.class.getResourceAsStream(resource);
         BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] words = line.trim().split("\\s+");
        for (int i = 1; i < words.length; i++) {
          names.add(words[0] + "." + words[i]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(names);
  }
}
