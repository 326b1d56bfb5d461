package dev.kplane.controllers;

import dev.kplane.controllers.streams.Sources;
import dev.kplane.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What every controller's {@code build} needs: the cluster's topics, the partition count of the repartition
 * topics, and how often dirty keys are reconciled. One context goes with one StreamsBuilder: it remembers the
 * source stream of each resource topic, because a topic may be read only once per builder while several
 * controllers read it (see {@link Sources}).
 */
public final class ControllerContext {
  private final Topics topics;
  private final int partitions;
  private final Duration reconcileInterval;
  private final Map<Object, Object> memo = new HashMap<>();

  public ControllerContext(Topics topics, int partitions, Duration reconcileInterval) {
    if (partitions < 1) {
      throw new IllegalArgumentException("controllers.partitions must be at least 1: " + partitions);
    }
    this.topics = topics;
    this.partitions = partitions;
    this.reconcileInterval = reconcileInterval;
  }

  public ControllerContext(Topics topics, int partitions) {
    this(topics, partitions, Duration.ofMillis(20));
  }

  public Topics topics() {
    return topics;
  }

  /** Partitions of every repartition topic (the unit of scale-out: tasks per sub-topology). */
  public int partitions() {
    return partitions;
  }

  /** How often a task reconciles the keys its inputs marked dirty (kube's workqueue batching). */
  public Duration reconcileInterval() {
    return reconcileInterval;
  }

  /** The principal a controller's API requests run as, as kube-controller-manager's per-controller accounts. */
  public static String principal(String controllerName) {
    return "system:serviceaccount:kube-system:" + controllerName + "-controller";
  }

  /** One value per key and builder: the streams of {@link Sources}, since a topic may have only one source. */
  @SuppressWarnings("unchecked")
  public <T> T memo(Object key, java.util.function.Supplier<T> create) {
    return (T) memo.computeIfAbsent(key, k -> create.get());
  }
}
