package dev.kplane.kubelet.runtime;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the runtime holds of one pod: its sandboxes and containers, newest first. */
public record PodRuntimeState(List<Sandbox> sandboxes, List<Container> containers) {
  private static final Comparator<Sandbox> NEWEST_SANDBOX = Comparator.comparingInt(Sandbox::attempt)
      .thenComparing(Sandbox::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed();
  private static final Comparator<Container> NEWEST_CONTAINER = Comparator.comparingInt(Container::attempt)
      .thenComparing(Container::createdAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed();

  public PodRuntimeState {
    sandboxes = sandboxes.stream().sorted(NEWEST_SANDBOX).toList();
    containers = containers.stream().sorted(NEWEST_CONTAINER).toList();
  }

  public static PodRuntimeState empty() {
    return new PodRuntimeState(List.of(), List.of());
  }

  public Optional<Sandbox> latestSandbox() {
    return sandboxes.stream().findFirst();
  }

  /** The containers of this name, newest (highest attempt) first. */
  public List<Container> byName(String name) {
    return containers.stream().filter(c -> c.name().equals(name)).toList();
  }

  public Optional<Container> latest(String name) {
    return byName(name).stream().findFirst();
  }

  public Map<String, List<Container>> grouped() {
    return containers.stream().collect(Collectors.groupingBy(Container::name));
  }

  public boolean isEmpty() {
    return sandboxes.isEmpty() && containers.isEmpty();
  }
}
