package dev.kplane.apiserver.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One media range of an Accept header with its parameters, as Kubernetes clients use them to ask for
 * other representations: {@code application/json;as=Table;v=v1;g=meta.k8s.io}.
 */
record MediaType(String type, Map<String, String> params) {

  /** The ranges of an Accept header in the client's order (kube-apiserver honours order, not q-values). */
  static List<MediaType> parseAccept(String header) {
    List<MediaType> out = new ArrayList<>();
    if (header == null) {
      return out;
    }
    for (String range : header.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      if (type.isEmpty()) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          params.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
        }
      }
      out.add(new MediaType(type, params));
    }
    return out;
  }

  String param(String name) {
    return params.getOrDefault(name, "");
  }

  /** Whether this range asks for the plain JSON encoding (no conversion to another kind). */
  boolean plainJson() {
    return (type.equals("application/json") || type.equals("*/*") || type.equals("application/*"))
        && !params.containsKey("as");
  }
}
