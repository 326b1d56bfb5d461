package dev.kplane.apiserver.registry.fields;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The {@code Warning} response header values for a request's warnings, as kube-apiserver's warning recorder writes
 * them: {@code 299 - "text"} (quotes and backslashes escaped), each text once, and once the texts pass
 * {@value #TOTAL_RUNES} characters every one is cut to {@value #ITEM_RUNES} and the ones that no longer fit dropped.
 */
public final class WarningHeaders {
  static final int TOTAL_RUNES = 4 * 1024;
  static final int ITEM_RUNES = 256;

  private WarningHeaders() {}

  public static List<String> of(List<String> texts) {
    List<String> recorded = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    int written = 0;
    boolean truncating = false;
    for (String text : new LinkedHashSet<>(texts)) {
      if (text.isEmpty()) {
        continue;
      }
      if (truncating && written >= TOTAL_RUNES) {
        break;
      }
      recorded.add(text);
      String shown = truncating ? truncate(text) : text;
      int runes = runes(shown);
      if (written + runes <= TOTAL_RUNES || truncating) {
        written += runes;
        add(headers, shown);
        continue;
      }
      // over budget: from here on every text is truncated, including those already written
      truncating = true;
      written = 0;
      headers.clear();
      for (String r : recorded) {
        String cut = truncate(r);
        written += runes(cut);
        add(headers, cut);
      }
    }
    return headers;
  }

  /** net.NewWarningHeader: agent "-", the text quoted; a text with control characters is not sent at all. */
  private static void add(List<String> headers, String text) {
    if (text.chars().anyMatch(Character::isISOControl)) {
      return;
    }
    headers.add("299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
  }

  private static int runes(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String truncate(String s) {
    return runes(s) <= ITEM_RUNES ? s : s.substring(0, s.offsetByCodePoints(0, ITEM_RUNES));
  }
}
