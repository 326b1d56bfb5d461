package dev.kplane.kubelet;

import dev.kplane.kubelet.desired.DesiredState;
import dev.kplane.kubelet.runtime.ContainerRuntime;
import dev.kplane.kubelet.runtime.Labels;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices runtime changes (kubelet's PLEG): lists this node's sandboxes and containers every second and syncs
 * the pods whose runtime state changed (a container exited, a sandbox died). Once the node topic has been
 * read to its end, pods the runtime has but the topic does not (orphans) are synced too, which removes them.
 */
final class RuntimeRelist {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeRelist.class);
  private final ContainerRuntime runtime;
  private final String nodeName;
  private final DesiredState desired;
  private final BooleanSupplier caughtUp;
  private final Consumer<String> sync;
  private Map<String, Set<String>> last = Map.of();

  RuntimeRelist(ContainerRuntime runtime, String nodeName, DesiredState desired, BooleanSupplier caughtUp,
      Consumer<String> sync) {
    this.runtime = runtime;
    this.nodeName = nodeName;
    this.desired = desired;
    this.caughtUp = caughtUp;
    this.sync = sync;
  }

  void run() {
    try {
      Map<String, String> mine = Map.of(Labels.NODE, nodeName);
      Map<String, Set<String>> now = new HashMap<>();
      runtime.sandboxes(mine).forEach(s -> now.computeIfAbsent(s.podUid(), k -> new TreeSet<>())
          .add(s.id() + ":" + s.ready()));
      runtime.containers(mine, false).forEach(c -> now.computeIfAbsent(c.podUid(), k -> new TreeSet<>())
          .add(c.id() + ":" + c.state()));
      Set<String> uids = new HashSet<>(now.keySet());
      uids.addAll(last.keySet());
      boolean known = caughtUp.getAsBoolean();
      for (String uid : uids) {
        boolean wanted = desired.pod(uid).isPresent() || desired.removedPod(uid).isPresent();
        boolean changed = !now.getOrDefault(uid, Set.of()).equals(last.getOrDefault(uid, Set.of()));
        if (wanted ? changed : known && now.containsKey(uid)) {
          sync.accept(uid);
        }
      }
      last = now;
    } catch (RuntimeException x) {
      LOG.warn("listing the runtime failed: {}", x.toString());
    }
  }

  /** Syncs every known pod (status refresh, ConfigMap/Secret volume updates, back-off expiry). */
  void resyncAll() {
    desired.pods().forEach(p -> sync.accept(p.getMetadata().getUid()));
    desired.removedUids().forEach(sync);
  }
}
