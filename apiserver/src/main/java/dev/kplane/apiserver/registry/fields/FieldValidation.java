package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A write's {@code fieldValidation} directive and what it does to the written object. kube-apiserver decodes
 * built-in objects into Go structs, so fields the type does not have never reach storage, whatever the directive:
 * Ignore drops them silently, Warn (the default) drops them and answers a warning for each one and for each
 * duplicate key of the body, Strict refuses the write. The messages, their order and the status codes are
 * kube-apiserver's (apiserver/pkg/endpoints/handlers create.go, update.go, patch.go).
 */
public final class FieldValidation {
  /** The three values kube accepts; an empty or absent parameter is Warn. */
  public enum Directive { IGNORE, WARN, STRICT }

  private final Directive directive;

  private FieldValidation(Directive directive) {
    this.directive = directive;
  }

  /**
   * @param parameter the fieldValidation query parameter, null when absent
   * @param optionsKind "CreateOptions", "UpdateOptions" or "PatchOptions": the kind the 422 for an unsupported value names
   */
  public static FieldValidation of(String parameter, String optionsKind) {
    Directive d = switch (parameter == null ? "" : parameter) {
      case "", "Warn" -> Directive.WARN;
      case "Ignore" -> Directive.IGNORE;
      case "Strict" -> Directive.STRICT;
      default -> throw Status.invalidOptions(optionsKind, List.of(new FieldError("fieldValidation", "Unsupported value",
          parameter, "supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"")));
    };
    return new FieldValidation(d);
  }

  public Directive directive() {
    return directive;
  }

  /**
   * The body of a create or an update, already decoded into {@code body}: drops the fields its type does not have
   * and returns the warnings to answer, or, under Strict, throws the 400 kube-apiserver answers. Unknown fields are
   * reported in document order for JSON, and in key order after the duplicate keys for YAML (which kube converts to
   * JSON through a sorted map first).
   *
   * @param raw the body as received, where duplicate keys are still visible
   * @param contentType its media type; protobuf bodies cannot carry unknown fields and are left alone
   */
  public List<String> checkBody(ResourceType type, FieldSchema schema, ObjectNode body, byte[] raw, String contentType) {
    boolean yaml = contentType.equals("application/yaml");
    boolean json = contentType.isEmpty() || contentType.equals("application/json") || contentType.endsWith("+json");
    if (!yaml && !json) {
      return List.of();
    }
    String typeError = TypeCheck.firstError(schema, body);
    if (typeError != null) {
      throw Status.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
          + type.kind() + ": " + typeError);
    }
    if (directive == Directive.IGNORE) {
      prune(body, walkTree(body, schema).unknownFields());
      return List.of();
    }
    List<String> warnings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    StrictWalker walk;
    if (yaml) {
      List<String> duplicates = yamlDuplicates(raw);
      walk = walkTree(body, schema);
      warnings.addAll(duplicates);
      if (!duplicates.isEmpty()) {
        errors.add(YamlDuplicates.error(duplicates));
      }
      List<String> unknown = walk.errors(true);
      warnings.addAll(unknown);
      errors.addAll(unknown);
    } else {
      walk = walkJson(raw, schema);
      warnings.addAll(walk.errors(false));
      errors.addAll(warnings);
    }
    if (directive == Directive.STRICT && !errors.isEmpty()) {
      throw Status.badRequest(type.kind() + " in version \"" + type.version() + "\" cannot be handled as a "
          + type.kind() + ": " + strictDecodingError(errors));
    }
    prune(body, walk.unknownFields());
    return warnings;
  }

  /**
   * The checks of a PATCH: those of the patch document itself (its duplicate keys; for a JSON patch also unknown
   * fields of its operations) are made now, those of the patched object by {@link PatchCheck#checkResult}.
   */
  public PatchCheck forPatch(String contentType, byte[] raw) {
    return PatchCheck.of(this, contentType, raw);
  }

  /**
   * The schema a built-in type's objects are decoded with; a custom resource's comes from its CRD's structural
   * schema, and anything else is decoded as an unstructured map (duplicates only).
   */
  public static FieldSchema builtinSchema(ResourceType type) {
    FieldSchema builtin = KnownFields.forType(type);
    return builtin != null ? builtin : FieldSchema.ANY;
  }

  /** runtime.NewStrictDecodingError's text. */
  static String strictDecodingError(List<String> errors) {
    return "strict decoding error: " + String.join(", ", errors);
  }

  static StrictWalker walkTree(JsonNode tree, FieldSchema schema) {
    try (JsonParser p = tree.traverse(Json.MAPPER)) {
      p.nextToken();
      return StrictWalker.walk(p, schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StrictWalker walkJson(byte[] raw, FieldSchema schema) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(raw)) {
      p.nextToken();
      return StrictWalker.walk(p, schema);
    } catch (IOException e) {
      // the same bytes were decoded before; a body that cannot be read again is the client's
      throw Status.badRequest("the body of the request could not be read: " + e.getMessage());
    }
  }

  static List<String> yamlDuplicates(byte[] raw) {
    try {
      return YamlDuplicates.of(raw);
    } catch (IOException e) {
      throw Status.badRequest("the body of the request could not be read: " + e.getMessage());
    }
  }

  /** Removes the unknown fields; a path only the overridden value of a duplicate key had is simply not there. */
  static void prune(JsonNode root, List<FieldPath> unknown) {
    for (FieldPath path : unknown) {
      JsonNode parent = root;
      if (path.parent() != null) {
        for (FieldPath step : path.parent().segments()) {
          parent = step.key() == null ? parent.path(step.index()) : parent.path(step.key());
        }
      }
      if (parent instanceof ObjectNode o) {
        o.remove(path.key());
      }
    }
  }
}
