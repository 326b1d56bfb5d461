package dev.kplane.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expected texts come from apimachinery v1.32 pkg/util/validation/validation.go, pkg/api/validation and
 * pkg/util/validation/field/errors.go, written out here rather than rebuilt from the production constants.
 */
class NameValidationTest {
  private static final String SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
      + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
      + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
      + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
      + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and "
      + "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
      + "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String QUALIFIED = "a qualified name must consist of alphanumeric characters, '-', '_' or "
      + "'.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
      + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain "
      + "prefix and '/' (e.g. 'example.com/MyName')";
  private static final String LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
      + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  static Stream<Arguments> validators() {
    Function<String, List<String>> subdomain = NameValidation::isDns1123Subdomain;
    Function<String, List<String>> label = NameValidation::isDns1123Label;
    Function<String, List<String>> qualified = NameValidation::isQualifiedName;
    Function<String, List<String>> labelValue = NameValidation::isValidLabelValue;
    return Stream.of(
        Arguments.of("subdomain", subdomain, "example.com", List.of()),
        Arguments.of("subdomain", subdomain, "0abc", List.of()),
        Arguments.of("subdomain", subdomain, "a".repeat(253), List.of()),
        Arguments.of("subdomain", subdomain, "Bad_Name", List.of(SUBDOMAIN)),
        Arguments.of("subdomain", subdomain, "", List.of(SUBDOMAIN)),
        Arguments.of("subdomain", subdomain, "a..b", List.of(SUBDOMAIN)),
        Arguments.of("subdomain", subdomain, "a.", List.of(SUBDOMAIN)),
        Arguments.of("subdomain", subdomain, "a".repeat(254), List.of("must be no more than 253 characters")),
        Arguments.of("subdomain", subdomain, "a.".repeat(5000) + "a", List.of("must be no more than 253 characters")),
        Arguments.of("label", label, "my-name", List.of()),
        Arguments.of("label", label, "A", List.of(LABEL)),
        Arguments.of("label", label, "-a", List.of(LABEL)),
        Arguments.of("label", label, "a.b", List.of("must not contain dots")),
        Arguments.of("label", label, "a".repeat(64), List.of("must be no more than 63 characters")),
        Arguments.of("label", label, "a.b" + "c".repeat(61), List.of("must be no more than 63 characters",
            "must not contain dots")),
        Arguments.of("qualified", qualified, "app", List.of()),
        Arguments.of("qualified", qualified, "k8s.io/Name_1", List.of()),
        Arguments.of("qualified", qualified, "a/b/c", List.of(QUALIFIED)),
        Arguments.of("qualified", qualified, "/a", List.of("prefix part must be non-empty")),
        Arguments.of("qualified", qualified, "a/", List.of("name part must be non-empty", NAME_PART)),
        Arguments.of("qualified", qualified, "", List.of("name part must be non-empty", NAME_PART)),
        Arguments.of("qualified", qualified, "Example.com/a", List.of("prefix part " + SUBDOMAIN)),
        Arguments.of("qualified", qualified, "a".repeat(64), List.of("name part must be no more than 63 characters")),
        Arguments.of("qualified", qualified, "bad key", List.of(NAME_PART)),
        Arguments.of("labelValue", labelValue, "", List.of()),
        Arguments.of("labelValue", labelValue, "My_value.1", List.of()),
        Arguments.of("labelValue", labelValue, "-a", List.of(LABEL_VALUE)),
        Arguments.of("labelValue", labelValue, "a".repeat(64), List.of("must be no more than 63 characters")),
        // Limits count UTF-8 bytes like Go's len(): 32 two-byte characters are 64 bytes.
        Arguments.of("labelValue", labelValue, "é".repeat(32), List.of("must be no more than 63 characters",
            LABEL_VALUE)));
  }

  @ParameterizedTest(name = "{0}({2})")
  @MethodSource("validators")
  void shouldReturnKubernetesMessages(String name, Function<String, List<String>> validator, String value,
      List<String> expected) {
    assertEquals(expected, validator.apply(value));
  }

  static Stream<Arguments> objectNames() {
    return Stream.of(
        Arguments.of("my-config.v1", false, List.of()),
        Arguments.of("Bad_Name", false, List.of(SUBDOMAIN)),
        // kube-apiserver's type rule runs before the path-segment rule and its message wins.
        Arguments.of("a/b", false, List.of(SUBDOMAIN)),
        Arguments.of("a%b", false, List.of(SUBDOMAIN)),
        Arguments.of("..", false, List.of(SUBDOMAIN)),
        Arguments.of("kube-system", true, List.of()),
        Arguments.of("a.b", true, List.of("must not contain dots")),
        Arguments.of("UPPER", true, List.of(LABEL)));
  }

  @ParameterizedTest(name = "{0} namespace={1}")
  @MethodSource("objectNames")
  void shouldRejectUppercaseAndOtherBadObjectNames(String name, boolean namespaceStyle, List<String> expected) {
    assertEquals(expected, NameValidation.validateObjectName(name, namespaceStyle));
  }

  @Test
  void shouldRejectPathSegmentsThatAreNotNames() {
    assertEquals(List.of("may not be '.'"), NameValidation.isValidPathSegmentName("."));
    assertEquals(List.of("may not be '..'"), NameValidation.isValidPathSegmentName(".."));
    assertEquals(List.of("may not contain '/'", "may not contain '%'"), NameValidation.isValidPathSegmentName("a/b%"));
    assertEquals(List.of(), NameValidation.isValidPathSegmentName("system:controller:x"));
  }

  @Test
  void shouldRenderTheBriefsExampleLikeKubeApiserver() {
    var errs = NameValidation.validateObjectName("Bad_Name", false);
    assertEquals("metadata.name: Invalid value: \"Bad_Name\": " + SUBDOMAIN,
        NameValidation.render(FieldError.invalid("metadata.name", "Bad_Name", errs.get(0))));
  }

  @Test
  void shouldReportLabelKeyAndValueErrorsAtMetadataLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", "bad value");
    labels.put("Bad Key", "ok");
    List<String> rendered = NameValidation.validateLabels(labels).stream().map(NameValidation::render).toList();
    assertEquals(List.of("metadata.labels: Invalid value: \"bad value\": " + LABEL_VALUE,
        "metadata.labels: Invalid value: \"Bad Key\": " + NAME_PART), rendered);
  }

  @Test
  void shouldIgnoreCaseOfAnnotationKeysButReportTheOriginalKey() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("Example.COM/Some-Key", "any value at all");
    annotations.put("Bad Key", "");
    var errs = NameValidation.validateAnnotations(annotations);
    assertEquals(1, errs.size());
    assertEquals(new FieldError("metadata.annotations", "Invalid value", "Bad Key", NAME_PART), errs.get(0));
  }

  @Test
  void shouldLimitAnnotationsToTotal256KiBOfUtf8() {
    assertEquals(List.of(), NameValidation.validateAnnotations(Map.of("a", "x".repeat(256 * 1024 - 1))));
    var errs = NameValidation.validateAnnotations(Map.of("a", "é".repeat(128 * 1024)));
    assertEquals(1, errs.size());
    assertEquals("Too long", errs.get(0).type());
    assertEquals("metadata.annotations: Too long: may not be more than 262144 bytes",
        NameValidation.render(errs.get(0)));
  }

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of(FieldError.required("metadata.name", "name or generateName is required"),
            "metadata.name: Required value: name or generateName is required"),
        Arguments.of(FieldError.forbidden("data", "field is immutable when `immutable` is set"),
            "data: Forbidden: field is immutable when `immutable` is set"),
        Arguments.of(FieldError.invalid("metadata.labels", "a\"b\\c\nd\te\u0001f\u00a0g\u200bé😀", "x"),
            "metadata.labels: Invalid value: \"a\\\"b\\\\c\\nd\\te\\x01f\\u00a0g\\u200bé😀\": x"),
        Arguments.of(FieldError.invalid("spec.replicas", -1L, "must be greater than or equal to 0"),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        Arguments.of(FieldError.invalid("metadata.resourceVersion", "", ""),
            "metadata.resourceVersion: Invalid value: \"\""));
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void shouldRenderFieldErrorsLikeGo(FieldError error, String expected) {
    assertEquals(expected, NameValidation.render(error));
  }
}
