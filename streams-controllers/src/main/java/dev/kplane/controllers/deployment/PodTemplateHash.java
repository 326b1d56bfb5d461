package dev.kplane.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.controllers.objects.Semantic;
import dev.kplane.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod-template-hash label value (controller.ComputeHash): FNV-1a 32 over the template, then the collision count
 * as 4 little-endian bytes when set, rendered by rand.SafeEncodeString.
 *
 * <p>kube feeds FNV the spew dump of the Go PodTemplateSpec struct; kplane has no Go structs, so it feeds the
 * template's canonical JSON (keys sorted, nulls and empty maps and lists left out as {@link Semantic} does). The hash is as stable (equal templates, equal hashes; the API server
 * defaults templates the same way every time) and has the same form, but not the same value as kube's for the same
 * template.
 */
public final class PodTemplateHash {
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int FNV_OFFSET = 0x811c9dc5;
  private static final int FNV_PRIME = 0x01000193;

  private PodTemplateHash() {}

  public static String compute(JsonNode template, Integer collisionCount) {
    int h = FNV_OFFSET;
    for (byte b : Json.write(canonical(Semantic.normalize(template))).getBytes(StandardCharsets.UTF_8)) {
      h = fnv(h, b);
    }
    if (collisionCount != null) {
      int c = collisionCount;
      for (int i = 0; i < 4; i++) {
        h = fnv(h, (byte) (c >>> (8 * i)));
      }
    }
    return safeEncodeString(Integer.toUnsignedString(h));
  }

  private static int fnv(int h, byte b) {
    return (h ^ (b & 0xff)) * FNV_PRIME;
  }

  /** rand.SafeEncodeString: each character mapped into an alphabet without vowels and look-alike digits. */
  static String safeEncodeString(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
    }
    return sb.toString();
  }

  private static Object canonical(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), canonical(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      java.util.List<Object> l = new java.util.ArrayList<>();
      n.forEach(e -> l.add(canonical(e)));
      return l;
    }
    return n;
  }
}
