package dev.kplane.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kplane.schemas.Json;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected texts come from apimachinery v1.32 pkg/labels/selector.go and its tests. */
class LabelSelectorTest {
  private static final String NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and "
      + "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
      + "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
      + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front", "n", "5", "empty", "");

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of("", true),
        Arguments.of("app=web", true),
        Arguments.of("app==web", true),
        Arguments.of("app!=web", false),
        Arguments.of("app=db", false),
        Arguments.of("missing=x", false),
        Arguments.of("missing!=x", true),
        Arguments.of("app in (db, web)", true),
        Arguments.of("app in (db)", false),
        Arguments.of("app notin (web)", false),
        Arguments.of("missing notin (web)", true),
        Arguments.of("missing in (web)", false),
        Arguments.of("app", true),
        Arguments.of("missing", false),
        Arguments.of("!missing", true),
        Arguments.of("!app", false),
        Arguments.of("app=web,tier=front", true),
        Arguments.of("app=web,tier=back", false),
        Arguments.of("  app  =  web  ,\ttier\n=front ", true),
        Arguments.of("empty=", true),
        Arguments.of("empty in ()", true),
        Arguments.of("empty in (,x)", true),
        Arguments.of("app in (x,)", false),
        Arguments.of("n>4", true),
        Arguments.of("n>5", false),
        Arguments.of("n<6", true),
        Arguments.of("app>1", false),
        Arguments.of("missing<1", false));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @MethodSource("selectors")
  void shouldMatchLikeKubernetes(String selector, boolean expected) {
    assertEquals(expected, LabelSelector.parse(selector).matches(LABELS));
  }

  @Test
  void shouldTreatInAndNotinAsValuesWhereAValueIsExpected() {
    assertTrue(LabelSelector.parse("notin=in").matches(Map.of("notin", "in")));
    assertTrue(LabelSelector.parse("x in (in, notin)").matches(Map.of("x", "notin")));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("a in (b", "unable to parse requirement: found '', expected: ',' or ')'"),
        Arguments.of("a in b", "unable to parse requirement: found 'b' expected: '('"),
        Arguments.of("a in (b c)", "unable to parse requirement: found 'c', expected: ',' or ')'"),
        Arguments.of("a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
        Arguments.of("a in (b,=)", "unable to parse requirement: found '=', expected: ',', or identifier"),
        Arguments.of("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
        Arguments.of("a=(", "unable to parse requirement: found '(', expected: identifier"),
        Arguments.of("!", "unable to parse requirement: found '', expected: identifier"),
        Arguments.of("=web", "found '=', expected: !, identifier, or 'end of string'"),
        Arguments.of("a=b,", "found '', expected: identifier after ','"),
        Arguments.of("a,,b", "found ',', expected: identifier after ','"),
        Arguments.of("a=b c", "found 'c', expected: ',' or 'end of string'"),
        Arguments.of("!a=b", "found '=', expected: ',' or 'end of string'"),
        Arguments.of("x==a==b", "found '==', expected: ',' or 'end of string'"),
        Arguments.of("x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, "
            + "the value must be an integer"),
        Arguments.of("Bad_Key_=x", "unable to parse requirement: <nil>: Invalid value: \"Bad_Key_\": " + NAME_PART),
        Arguments.of("app:monolith", "unable to parse requirement: <nil>: Invalid value: \"app:monolith\": "
            + NAME_PART),
        Arguments.of("a/b/c ?=? def", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name "
            + "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
            + "'example.com/MyName')"),
        Arguments.of("app.kubernetes_io/name=x", "unable to parse requirement: <nil>: Invalid value: "
            + "\"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*"
            + "[a-z0-9])?)*')"),
        Arguments.of("app=-x", "unable to parse requirement: values[0][app]: Invalid value: \"-x\": " + LABEL_VALUE),
        Arguments.of("x=a||y=b", "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + LABEL_VALUE),
        Arguments.of("app in (-b,-a)", "unable to parse requirement: [values[0][app]: Invalid value: \"-a\": "
            + LABEL_VALUE + ", values[1][app]: Invalid value: \"-b\": " + LABEL_VALUE + "]"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("malformed")
  void shouldRejectMalformedSelectorWithKubernetesMessage(String selector, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(selector));
    assertEquals(message, e.getMessage());
  }

  @Test
  void shouldReportEmptinessOfParsedSelectors() {
    assertTrue(LabelSelector.parse("").isEmpty());
    assertTrue(LabelSelector.parse("  ").isEmpty());
    assertFalse(LabelSelector.parse("a").isEmpty());
  }

  @Test
  void shouldAndMatchLabelsWithMatchExpressions() {
    var sel = LabelSelector.fromJson(Json.parse("{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":["
        + "{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"front\",\"back\"]},"
        + "{\"key\":\"env\",\"operator\":\"NotIn\",\"values\":[\"prod\"]},"
        + "{\"key\":\"n\",\"operator\":\"Exists\"},"
        + "{\"key\":\"legacy\",\"operator\":\"DoesNotExist\"}]}"));
    assertFalse(sel.isEmpty());
    assertTrue(sel.matches(LABELS));
    assertFalse(sel.matches(Map.of("app", "web", "tier", "front")));
    assertFalse(sel.matches(Map.of("app", "web", "tier", "front", "n", "1", "legacy", "")));
    assertFalse(sel.matches(Map.of("app", "db", "tier", "front", "n", "1")));
  }

  @Test
  void shouldMatchEverythingWithAnEmptyObjectSelector() {
    var sel = LabelSelector.fromJson(Json.parse("{\"matchLabels\":{},\"matchExpressions\":[]}"));
    assertTrue(sel.isEmpty());
    assertTrue(sel.matches(Map.of()));
  }

  @Test
  void shouldMatchNothingWithANullObjectSelector() {
    var sel = LabelSelector.fromJson(Json.parse("null"));
    assertFalse(sel.isEmpty());
    assertFalse(sel.matches(Map.of()));
    assertFalse(LabelSelector.fromJson(null).matches(LABELS));
  }

  static Stream<Arguments> invalidObjects() {
    return Stream.of(
        Arguments.of("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}",
            "\"Gt\" is not a valid label selector operator"),
        Arguments.of("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[]}]}",
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"),
        Arguments.of("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\",\"y\"]}]}",
            "values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist"),
        Arguments.of("{\"matchLabels\":{\"Bad Key\":\"x\"}}", "key: Invalid value: \"Bad Key\": " + NAME_PART),
        Arguments.of("{\"matchLabels\":{\"app\":\"a b\"}}", "values[0][app]: Invalid value: \"a b\": " + LABEL_VALUE),
        Arguments.of("{\"matchExpressions\":[{\"key\":\"-a\",\"operator\":\"NotIn\"}]}",
            "[key: Invalid value: \"-a\": " + NAME_PART + ", values: Invalid value: []string(nil): for 'in', "
                + "'notin' operators, values set can't be empty]"));
  }

  @ParameterizedTest
  @MethodSource("invalidObjects")
  void shouldRejectInvalidObjectSelectorWithKubernetesMessage(String json, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.fromJson(Json.parse(json)));
    assertEquals(message, e.getMessage());
  }

  @Test
  void stringFormSortsRequirementsAndValuesAsGoDoes() {
    var sel = LabelSelector.fromJson(Json.parse("{\"matchLabels\":{\"tier\":\"web\",\"app\":\"x\"},"
        + "\"matchExpressions\":[{\"key\":\"env\",\"operator\":\"In\",\"values\":[\"prod\",\"dev\"]},"
        + "{\"key\":\"gone\",\"operator\":\"DoesNotExist\"},{\"key\":\"b\",\"operator\":\"Exists\"}]}"));
    assertEquals("app=x,b,env in (dev,prod),!gone,tier=web", sel.toString());
    assertEquals("a!=1,c notin (x,y)", LabelSelector.parse("c notin (y,x),a!=1").toString());
  }
}
