package dev.kplane.apiserver.registry.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** ValidateConfigMap, ValidateSecret and their updates (1.32): keys, the 1 MiB limit, `immutable`, secret types. */
final class ConfigValidation {
  static final int MAX_SIZE = 1024 * 1024;
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final String IMMUTABLE_SET = "field is immutable when `immutable` is set";

  private ConfigValidation() {}

  /** validation.IsConfigMapKey. */
  static List<String> keyErrors(String key) {
    List<String> errs = new ArrayList<>();
    if (key.getBytes(StandardCharsets.UTF_8).length > 253) {
      errs.add("must be no more than 253 characters");
    }
    if (!KEY.matcher(key).matches()) {
      errs.add(Errs.regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
          "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
    }
    if (key.equals(".")) {
      errs.add("must not be '.'");
    } else if (key.equals("..")) {
      errs.add("must not be '..'");
    } else if (key.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  static List<FieldError> configMap(ObjectNode cm) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    JsonNode binary = cm.path("binaryData");
    for (var it = cm.path("data").fields(); it.hasNext(); ) {
      var e = it.next();
      String path = "data[" + e.getKey() + "]";
      keyErrors(e.getKey()).forEach(m -> errs.add(FieldError.invalid(path, e.getKey(), m)));
      if (binary.has(e.getKey())) {
        errs.add(FieldError.invalid(path, e.getKey(), "duplicate of key present in binaryData"));
      }
      total += e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
    }
    for (var it = binary.fields(); it.hasNext(); ) {
      var e = it.next();
      keyErrors(e.getKey()).forEach(m -> errs.add(FieldError.invalid("binaryData[" + e.getKey() + "]", e.getKey(), m)));
      total += decodedLength(e.getValue());
    }
    if (total > MAX_SIZE) {
      errs.add(Errs.tooLong("", MAX_SIZE));
    }
    return errs;
  }

  static List<FieldError> secret(ObjectNode secret) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    JsonNode data = secret.path("data");
    for (var it = data.fields(); it.hasNext(); ) {
      var e = it.next();
      keyErrors(e.getKey()).forEach(m -> errs.add(FieldError.invalid("data[" + e.getKey() + "]", e.getKey(), m)));
      total += decodedLength(e.getValue());
    }
    if (total > MAX_SIZE) {
      errs.add(Errs.tooLong("data", MAX_SIZE));
    }
    switch (Nodes.text(secret, "type")) {
      case "kubernetes.io/service-account-token" -> {
        if (Nodes.text(secret.path("metadata").path("annotations"), "kubernetes.io/service-account.name").isEmpty()) {
          errs.add(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
        }
      }
      case "kubernetes.io/dockercfg" -> requireKeys(errs, data, ".dockercfg");
      case "kubernetes.io/dockerconfigjson" -> requireKeys(errs, data, ".dockerconfigjson");
      case "kubernetes.io/basic-auth" -> {
        if (!data.has("username") && !data.has("password")) {
          requireKeys(errs, data, "username", "password");
        }
      }
      case "kubernetes.io/ssh-auth" -> {
        if (data.path("ssh-privatekey").asText("").isEmpty()) {
          errs.add(FieldError.required("data[ssh-privatekey]", ""));
        }
      }
      case "kubernetes.io/tls" -> requireKeys(errs, data, "tls.crt", "tls.key");
      default -> { }
    }
    return errs;
  }

  /** Secret type never changes; once `immutable: true`, neither it nor the data may change. */
  static List<FieldError> update(String resource, ObjectNode next, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>();
    boolean secret = resource.equals("secrets");
    if (secret && !Nodes.text(next, "type").equals(Nodes.text(old, "type"))) {
      errs.add(FieldError.invalid("type", Nodes.text(next, "type"), Errs.IMMUTABLE));
    }
    if (old.path("immutable").asBoolean(false)) {
      if (!next.path("immutable").asBoolean(false)) {
        errs.add(FieldError.forbidden("immutable", IMMUTABLE_SET));
      }
      for (String f : secret ? List.of("data") : List.of("data", "binaryData")) {
        if (!next.path(f).equals(old.path(f))) {
          errs.add(FieldError.forbidden(f, IMMUTABLE_SET));
        }
      }
    }
    errs.addAll(secret ? secret(next) : configMap(next));
    return errs;
  }

  private static void requireKeys(List<FieldError> errs, JsonNode data, String... keys) {
    for (String k : keys) {
      if (!data.has(k)) {
        errs.add(FieldError.required("data[" + k + "]", ""));
      }
    }
  }

  /** Values of []byte fields travel as base64. */
  private static long decodedLength(JsonNode v) {
    try {
      return Base64.getDecoder().decode(v.asText()).length;
    } catch (IllegalArgumentException e) {
      return v.asText().length();
    }
  }
}
