package dev.kplane.apiserver.registry.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Warning header values as kube-apiserver's warning recorder writes them. */
class WarningHeadersTest {
  @Test
  void shouldQuoteEachTextOnceWithCode299AndNoAgent() {
    assertEquals(List.of("299 - \"unknown field \\\"spec.foo\\\"\"", "299 - \"a \\\\ b\""),
        WarningHeaders.of(List.of("unknown field \"spec.foo\"", "a \\ b", "unknown field \"spec.foo\"", "")));
  }

  @Test
  void shouldDropTextsWithControlCharacters() {
    assertEquals(List.of("299 - \"ok\""), WarningHeaders.of(List.of("bad\nline", "ok")));
  }

  @Test
  void shouldTruncateEveryTextOnceTheTotalPassesFourKibibytes() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      texts.add(i + "x".repeat(300));
    }
    List<String> headers = WarningHeaders.of(texts);
    // the 14th passes the budget: from then on all are cut to 256 characters, and written until 4096 are (16)
    assertEquals(16, headers.size());
    assertTrue(headers.stream().allMatch(h -> h.length() == "299 - \"\"".length() + 256), headers.toString());
    assertTrue(headers.get(15).startsWith("299 - \"15x"));
  }
}
