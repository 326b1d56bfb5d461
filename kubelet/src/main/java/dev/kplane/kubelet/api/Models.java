package dev.kplane.kubelet.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Conversion between JSON trees and fabric8's typed model. Not kplane's Json.MAPPER: its FAIL_ON_TRAILING_TOKENS
 * breaks fabric8's Quantity deserializer inside convertValue.
 */
public final class Models {
  private Models() {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public static <T> T convert(JsonNode json, Class<T> type) {
    return MAPPER.convertValue(json, type);
  }

  public static JsonNode tree(Object model) {
    return MAPPER.valueToTree(model);
  }
}
