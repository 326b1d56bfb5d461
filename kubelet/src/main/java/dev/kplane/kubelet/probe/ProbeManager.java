package dev.kplane.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Probes running containers periodically (one scheduled worker per container instance and probe type) and
 * keeps their verdicts; a changed verdict calls back with the pod's uid so the pod is synced again.
 * Readiness and liveness wait for the startup probe to succeed, as in the kubelet.
 */
public final class ProbeManager implements AutoCloseable {
  private final Prober prober;
  private final ScheduledExecutorService scheduler;
  private final Consumer<String> onChange;
  private final Map<Key, Worker> workers = new ConcurrentHashMap<>();

  private record Key(String containerId, ProbeType type) {}

  private final class Worker {
    final String podUid;
    final Container container;
    final Probe probe;
    final ProbeState state;
    final String containerId;
    volatile String podIp;
    ScheduledFuture<?> future;

    Worker(String podUid, Container container, String containerId, ProbeType type, Probe probe, String podIp) {
      this.podUid = podUid;
      this.container = container;
      this.containerId = containerId;
      this.probe = probe;
      this.podIp = podIp;
      this.state = new ProbeState(type, orDefault(probe.getSuccessThreshold(), 1), orDefault(probe.getFailureThreshold(), 3));
    }
  }

  public ProbeManager(Prober prober, ScheduledExecutorService scheduler, Consumer<String> onChange) {
    this.prober = prober;
    this.scheduler = scheduler;
    this.onChange = onChange;
  }

  /** A running container instance of a pod, as the pod sync sees it. */
  public record RunningContainer(Container spec, String containerId, Instant startedAt) {}

  /** Makes the workers match the pod's running containers: new ones start probing, gone ones stop. */
  public void sync(String podUid, Iterable<RunningContainer> running, String podIp) {
    Set<Key> live = new HashSet<>();
    for (RunningContainer rc : running) {
      Container c = rc.spec();
      addWorker(live, podUid, rc, ProbeType.STARTUP, c.getStartupProbe(), podIp);
      addWorker(live, podUid, rc, ProbeType.READINESS, c.getReadinessProbe(), podIp);
      addWorker(live, podUid, rc, ProbeType.LIVENESS, c.getLivenessProbe(), podIp);
    }
    workers.entrySet().removeIf(e -> {
      if (e.getValue().podUid.equals(podUid) && !live.contains(e.getKey())) {
        e.getValue().future.cancel(false);
        return true;
      }
      return false;
    });
  }

  public void forget(String podUid) {
    sync(podUid, Set.of(), null);
  }

  /** The verdict of a probe of a container instance; the probe type's initial value if it has no such probe yet. */
  public ProbeResult result(String containerId, ProbeType type) {
    Worker w = workers.get(new Key(containerId, type));
    return w == null ? type.initial : w.state.verdict();
  }

  public boolean hasProbe(String containerId, ProbeType type) {
    return workers.containsKey(new Key(containerId, type));
  }

  private void addWorker(Set<Key> live, String podUid, RunningContainer rc, ProbeType type, Probe probe, String podIp) {
    if (probe == null) {
      return;
    }
    Key key = new Key(rc.containerId(), type);
    live.add(key);
    Worker existing = workers.get(key);
    if (existing != null) {
      existing.podIp = podIp;
      return;
    }
    Worker w = new Worker(podUid, rc.spec(), rc.containerId(), type, probe, podIp);
    long period = Math.max(1, orDefault(probe.getPeriodSeconds(), 10)) * 1000L;
    long sinceStart = rc.startedAt() == null ? 0 : Math.max(0, Instant.now().toEpochMilli() - rc.startedAt().toEpochMilli());
    long delay = Math.max(0, orDefault(probe.getInitialDelaySeconds(), 0) * 1000L - sinceStart);
    workers.put(key, w);
    w.future = scheduler.scheduleWithFixedDelay(() -> run(w, type), delay, period, TimeUnit.MILLISECONDS);
  }

  private void run(Worker w, ProbeType type) {
    if (!w.state.shouldProbe()) {
      return;
    }
    if (type != ProbeType.STARTUP && hasProbe(w.containerId, ProbeType.STARTUP)
        && result(w.containerId, ProbeType.STARTUP) != ProbeResult.SUCCESS) {
      return;
    }
    ProbeResult before = w.state.verdict();
    ProbeResult after = w.state.observe(prober.probe(w.probe, w.container, w.containerId, w.podIp));
    if (after != before) {
      onChange.accept(w.podUid);
    }
  }

  private static int orDefault(Integer v, int d) {
    return v == null ? d : v;
  }

  @Override
  public void close() {
    workers.values().forEach(w -> w.future.cancel(false));
    workers.clear();
  }
}
