package dev.kplane.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error a client sees as a Kubernetes {@code Status}: the one exception type the request pipeline renders. */
public final class ApiException extends RuntimeException {
  private final transient ObjectNode status;
  private final int code;

  public ApiException(ObjectNode status) {
    super(status.path("message").asText());
    this.status = status;
    this.code = status.path("code").asInt(500);
  }

  public ObjectNode status() {
    return status;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return status.path("reason").asText();
  }
}
