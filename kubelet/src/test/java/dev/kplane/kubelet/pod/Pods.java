package dev.kplane.kubelet.pod;

import dev.kplane.kubelet.runtime.Container;
import dev.kplane.kubelet.runtime.Sandbox;
import dev.kplane.kubelet.api.Models;
import dev.kplane.schemas.Json;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;

/** Test fixtures: pods from JSON, runtime objects by state. */
final class Pods {
  private Pods() {}

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static Pod pod(String json) {
    return Models.convert(Json.parse(json), Pod.class);
  }

  /** A pod with metadata filled in and this spec JSON. */
  static Pod withSpec(String spec) {
    return pod("{\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"uid\":\"u1\"},\"spec\":" + spec + "}");
  }

  static Sandbox sandbox(int attempt, boolean ready) {
    return new Sandbox("s" + attempt, "u1", "ns", "p", attempt, ready, T0.plusSeconds(attempt));
  }

  static Container running(String name, int attempt) {
    return new Container(name + attempt, "s0", "u1", name, attempt, Container.State.RUNNING, T0, T0.plusSeconds(1), null,
        0, null, null, "busybox", "sha256:b");
  }

  static Container exited(String name, int attempt, int code, Instant finished) {
    return new Container(name + attempt, "s0", "u1", name, attempt, Container.State.EXITED, T0, T0.plusSeconds(1),
        finished, code, code == 0 ? "Completed" : "Error", null, "busybox", "sha256:b");
  }
}
