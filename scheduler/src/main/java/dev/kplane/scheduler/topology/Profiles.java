package dev.kplane.scheduler.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.scheduler.config.SchedulerConfiguration;
import dev.kplane.scheduler.framework.Profile;
import dev.kplane.scheduler.queue.Backoff;
import dev.kplane.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scheduler's profiles by schedulerName and its queue back-off, from a KubeSchedulerConfiguration or the defaults. */
public record Profiles(Map<String, Profile> byName, Backoff backoff) {
  public static final String DEFAULT_SCHEDULER = "default-scheduler";

  public static Profiles defaults() {
    return of(List.of(Profile.defaults(DEFAULT_SCHEDULER)), Backoff.DEFAULT);
  }

  /**
   * The profiles of a KubeSchedulerConfiguration file, or the defaults when file is null; the queue's
   * back-off from its podInitialBackoffSeconds and podMaxBackoffSeconds (defaults 1 and 10).
   */
  public static Profiles load(Path file) {
    if (file == null) {
      return defaults();
    }
    JsonNode root;
    try {
      root = Json.YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the scheduler configuration " + file, e);
    }
    Backoff backoff = new Backoff(
        Duration.ofSeconds(root.path("podInitialBackoffSeconds").asLong(Backoff.DEFAULT.initial().toSeconds())),
        Duration.ofSeconds(root.path("podMaxBackoffSeconds").asLong(Backoff.DEFAULT.max().toSeconds())));
    return of(SchedulerConfiguration.load(file), backoff);
  }

  public static Profiles of(List<Profile> profiles, Backoff backoff) {
    Map<String, Profile> m = new LinkedHashMap<>();
    profiles.forEach(p -> m.put(p.schedulerName(), p));
    return new Profiles(Map.copyOf(m), backoff);
  }

  /** The profile for a pod's spec.schedulerName, or null when the pod is another scheduler's. */
  public Profile get(String schedulerName) {
    return byName.get(schedulerName == null || schedulerName.isEmpty() ? DEFAULT_SCHEDULER : schedulerName);
  }
}
