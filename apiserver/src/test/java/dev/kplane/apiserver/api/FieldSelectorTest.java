package dev.kplane.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kplane.apiserver.api.FieldSelector.Operator;
import dev.kplane.apiserver.api.FieldSelector.Requirement;
import dev.kplane.schemas.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected results come from apimachinery v1.32 pkg/fields/selector.go and its tests. */
class FieldSelectorTest {
  static Stream<Arguments> parsed() {
    return Stream.of(
        Arguments.of("", List.of()),
        Arguments.of(",,", List.of()),
        Arguments.of("=", List.of()),
        Arguments.of("metadata.name=a", List.of(eq("metadata.name", "a"))),
        Arguments.of("metadata.name==a", List.of(eq("metadata.name", "a"))),
        Arguments.of("status.phase!=Running", List.of(ne("status.phase", "Running"))),
        Arguments.of("b=1,a!=2,", List.of(ne("a", "2"), eq("b", "1"))),
        Arguments.of("a=!b", List.of(eq("a", "!b"))),
        Arguments.of("a=", List.of(eq("a", ""))),
        Arguments.of(" a = b ", List.of(eq(" a ", " b "))),
        // Bytewise, '2' sorts before '=', so k2 comes first.
        Arguments.of("k=\\,,k2=v2", List.of(eq("k2", "v2"), eq("k", ","))),
        Arguments.of("k=\\\\,k2=v2", List.of(eq("k2", "v2"), eq("k", "\\"))),
        Arguments.of("x=a\\=\\=b", List.of(eq("x", "a==b"))),
        Arguments.of("x=a||y\\=b", List.of(eq("x", "a||y=b"))),
        Arguments.of("함=수,목=록", List.of(eq("목", "록"), eq("함", "수"))));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("parsed")
  void shouldParseTermsInGoOrder(String selector, List<Requirement> expected) {
    assertEquals(expected, FieldSelector.parse(selector).requirements());
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
        Arguments.of("x=a,b", "invalid selector: 'x=a,b'; can't understand 'b'"),
        // Terms are sorted before parsing, so "b" is the first one rejected.
        Arguments.of("x in (a,b,c)", "invalid selector: 'x in (a,b,c)'; can't understand 'b'"),
        Arguments.of("x==a==b", "invalid field selector: unescaped character in value: 61"),
        Arguments.of("x=a=b", "invalid field selector: unescaped character in value: 61"),
        Arguments.of("x\\=a=b", "invalid field selector: unescaped character in value: 61"),
        Arguments.of("k=\\a", "invalid field selector: invalid escape sequence: \\a"),
        Arguments.of("k=\\", "invalid field selector: invalid escape sequence: \\"),
        Arguments.of("k=\\\\\\", "invalid field selector: invalid escape sequence: \\"));
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("malformed")
  void shouldRejectMalformedSelectorWithKubernetesMessage(String selector, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> FieldSelector.parse(selector));
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> matches() {
    return Stream.of(
        Arguments.of("metadata.name=cm", true),
        Arguments.of("metadata.name==cm", true),
        Arguments.of("metadata.name!=cm", false),
        Arguments.of("metadata.name=other", false),
        Arguments.of("spec.nodeName=", true),
        Arguments.of("spec.nodeName!=", false),
        Arguments.of("spec.nodeName!=node-1", true),
        Arguments.of("metadata.name=cm,spec.nodeName=", true),
        Arguments.of("metadata.name=cm,spec.nodeName=node-1", false),
        Arguments.of("", true));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @MethodSource("matches")
  void shouldMatchAbsentFieldsAsEmpty(String selector, boolean expected) {
    Map<String, String> fields = Map.of("metadata.name", "cm");
    assertEquals(expected, FieldSelector.parse(selector).matches(fields::get));
  }

  static Stream<Arguments> fieldValues() {
    return Stream.of(
        Arguments.of("metadata.name", "p"),
        Arguments.of("metadata.namespace", "ns"),
        Arguments.of("spec.nodeName", "node-1"),
        Arguments.of("spec.hostNetwork", "true"),
        Arguments.of("status.phase", "Running"),
        Arguments.of("status.replicas", "3"),
        Arguments.of("status.podIP", ""),
        Arguments.of("spec.schedulerName", ""),
        Arguments.of("spec", ""),
        Arguments.of("spec.containers", ""),
        Arguments.of("metadata.name.deeper", ""),
        Arguments.of("nothing.here", ""));
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @MethodSource("fieldValues")
  void shouldReadScalarsAtDottedPaths(String path, String expected) {
    var pod = Json.parse("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\"},\"spec\":{\"nodeName\":\"node-1\","
        + "\"hostNetwork\":true,\"schedulerName\":null,\"containers\":[{\"name\":\"c\"}]},"
        + "\"status\":{\"phase\":\"Running\",\"replicas\":3}}");
    assertEquals(expected, FieldSelector.valueOf(pod, path));
  }

  @Test
  void shouldRoundTripEscapedValues() {
    String value = "a\\b,c=d";
    assertEquals("a\\\\b\\,c\\=d", FieldSelector.escapeValue(value));
    assertEquals(List.of(eq("k", value)), FieldSelector.parse("k=" + FieldSelector.escapeValue(value)).requirements());
  }

  private static Requirement eq(String field, String value) {
    return new Requirement(field, Operator.EQUALS, value);
  }

  private static Requirement ne(String field, String value) {
    return new Requirement(field, Operator.NOT_EQUALS, value);
  }
}
