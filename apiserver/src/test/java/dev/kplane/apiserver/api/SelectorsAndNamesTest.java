package dev.kplane.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.schemas.Json;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SelectorsAndNamesTest {
  private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front", "env", "prod");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "app=web|true", "app==web|true", "app!=web|false", "app=db|false", "missing!=x|true",
      "app in (web, db)|true", "app notin (web)|false", "env|true", "!env|false", "!missing|true",
      "app=web,tier=front|true", "app=web,tier=back|false", " app = web |true", "''|true"})
  void shouldMatchLabelSelectorsLikeKubernetes(String selector, boolean expected) {
    String s = selector.equals("''") ? "" : selector;
    assertEquals(expected, LabelSelector.parse(s).matches(LABELS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app in (web", "app in web", "=web", "app=web,", "a b", "app=(x)", "Bad Key=x"})
  void shouldRejectMalformedLabelSelectors(String selector) {
    assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(selector));
  }

  @Test
  void shouldMatchLabelSelectorObjects() {
    var sel = LabelSelector.fromJson(Json.parse(
        "{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":[{\"key\":\"env\",\"operator\":\"In\",\"values\":[\"prod\",\"qa\"]}]}"));
    assertTrue(sel.matches(LABELS));
    assertTrue(!sel.matches(Map.of("app", "web")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "metadata.name=cm|true", "metadata.name==cm|true", "metadata.name!=cm|false",
      "status.phase=|true", "metadata.name=cm,status.phase!=Running|true", "metadata.name=x\\,y|false"})
  void shouldMatchFieldSelectors(String selector, boolean expected) {
    var obj = Json.parse("{\"metadata\":{\"name\":\"cm\"}}");
    assertEquals(expected, FieldSelector.parse(selector).matches(p -> FieldSelector.valueOf(obj, p)));
  }

  @Test
  void shouldRejectAFieldSelectorWithoutOperator() {
    assertThrows(IllegalArgumentException.class, () -> FieldSelector.parse("metadata.name"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a-b", "a.b", "0abc", "example.com"})
  void shouldAcceptDns1123Subdomains(String name) {
    assertEquals(0, NameValidation.validateObjectName(name, false).size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"A", "a_b", "-a", "a-", ".", "..", "a/b", "a%b"})
  void shouldRejectInvalidObjectNames(String name) {
    assertTrue(!NameValidation.validateObjectName(name, false).isEmpty());
  }

  @Test
  void shouldRejectDotsInNamespaceNames() {
    assertTrue(!NameValidation.validateObjectName("a.b", true).isEmpty());
    assertTrue(NameValidation.validateObjectName("x".repeat(64), true).contains("must be no more than 63 characters"));
  }

  @Test
  void shouldRenderFieldErrorsLikeKubeApiserver() {
    var errs = NameValidation.validateLabels(Map.of("app", "bad value"));
    assertEquals(1, errs.size());
    assertEquals("metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of "
        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
        + "'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        errs.get(0).render());
  }
}
