package dev.kplane.apiserver.registry.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.api.FieldError;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.registry.Patches;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Field validation of one PATCH request, as kube-apiserver's patch handler does it: the patch document is decoded
 * strictly on its own (into a map, or for a JSON patch into its operations, so the only findings are duplicate keys
 * and unknown operation fields, prefixed "json patch"), then the patched object is decoded strictly into its type,
 * which finds the unknown fields in key order. Under Strict any finding rejects the patch with a 422 on the field
 * "patch"; an apply patch is the exception: its duplicate keys are a 400 at once, and its unknown fields are for
 * server-side apply's own schema check, not for this one.
 */
public final class PatchCheck {
  static final String APPLY = "application/apply-patch+yaml";

  /** jsonPatchOp in patch.go: op, path and from strings, and an untyped value. */
  private static final FieldSchema JSON_PATCH_OPS = jsonPatchOps();

  private final FieldValidation.Directive directive;
  private final String contentType;
  private final List<String> patchErrors;

  private PatchCheck(FieldValidation.Directive directive, String contentType, List<String> patchErrors) {
    this.directive = directive;
    this.contentType = contentType;
    this.patchErrors = patchErrors;
  }

  static PatchCheck of(FieldValidation validation, String contentType, byte[] raw) {
    FieldValidation.Directive d = validation.directive();
    if (d == FieldValidation.Directive.IGNORE) {
      return new PatchCheck(d, contentType, List.of());
    }
    if (contentType.equals(APPLY)) {
      List<String> duplicates = FieldValidation.yamlDuplicates(raw);
      if (d == FieldValidation.Directive.STRICT && !duplicates.isEmpty()) {
        throw Status.badRequest("error strict decoding YAML: error converting YAML to JSON: "
            + YamlDuplicates.error(duplicates));
      }
      return new PatchCheck(d, contentType, duplicates);
    }
    if (contentType.equals(Patches.JSON_PATCH)) {
      List<String> errors = FieldValidation.walkJson(raw, JSON_PATCH_OPS).errors(false);
      return new PatchCheck(d, contentType, errors.stream().map(e -> "json patch " + e).toList());
    }
    return new PatchCheck(d, contentType, FieldValidation.walkJson(raw, FieldSchema.ANY).errors(false));
  }

  /**
   * Checks the object a patch produced, before it is validated and stored: drops the fields its type does not have
   * and returns the warnings to answer, or, under Strict, throws.
   *
   * @param patched the patched object, changed in place
   * @param patch the patch as decoded, which a rejected strategic merge patch is quoted with
   */
  public List<String> checkResult(FieldSchema schema, ObjectNode patched, JsonNode patch) {
    if (contentType.equals(APPLY)) {
      return patchErrors;
    }
    String typeError = TypeCheck.firstError(schema, patched);
    if (typeError != null) {
      throw Status.badRequest(typeError);
    }
    StrictWalker walk = FieldValidation.walkTree(patched, schema);
    if (directive == FieldValidation.Directive.IGNORE) {
      FieldValidation.prune(patched, walk.unknownFields());
      return List.of();
    }
    List<String> errors = new ArrayList<>(patchErrors);
    errors.addAll(walk.errors(true));
    if (directive == FieldValidation.Directive.STRICT && !errors.isEmpty()) {
      // kube quotes the patched JSON, or for a strategic merge patch the patch as Go prints a map
      throw invalid(contentType.equals(Patches.STRATEGIC) ? dev.kplane.apiserver.registry.patch.GoValues.format(patch) : Json.write(patched), errors);
    }
    FieldValidation.prune(patched, walk.unknownFields());
    return errors;
  }

  /** errors.NewInvalid(schema.GroupKind{}, "", field.Invalid("patch", value, strict decoding error)). */
  private static ApiException invalid(String value, List<String> errors) {
    FieldError e = FieldError.invalid("patch", new FieldError.GoValue(dev.kplane.apiserver.api.NameValidation.quote(value)),
        FieldValidation.strictDecodingError(errors));
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure").put("message", " \"\" is invalid: " + e.render()).put("reason", "Invalid");
    s.putObject("details").putArray("causes").addObject()
        .put("reason", e.causeType()).put("message", e.renderWithoutField()).put("field", e.field());
    s.put("code", 422);
    return new ApiException(s);
  }

  private static FieldSchema jsonPatchOps() {
    FieldSchema.Struct op = new FieldSchema.Struct();
    op.define(Map.of("op", FieldSchema.OPAQUE, "path", FieldSchema.OPAQUE, "from", FieldSchema.OPAQUE,
        "value", FieldSchema.ANY));
    return new FieldSchema.ListOf(op);
  }
}
