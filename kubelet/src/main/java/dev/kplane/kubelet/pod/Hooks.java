package dev.kplane.kubelet.pod;

import dev.kplane.kubelet.probe.ProbeResult;
import dev.kplane.kubelet.probe.Prober;
import dev.kplane.kubelet.runtime.ContainerRuntime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lifecycle hooks (preStop): an exec in the container or an HTTP GET, bounded by the time left. */
final class Hooks {
  private static final Logger LOG = LoggerFactory.getLogger(Hooks.class);

  private Hooks() {}

  static void run(ContainerRuntime runtime, LifecycleHandler hook, Container c, String containerId, String podIp,
      Duration timeout) {
    if (hook.getSleep() != null && hook.getSleep().getSeconds() != null) {
      sleep(Duration.ofSeconds(Math.min(hook.getSleep().getSeconds(), timeout.toSeconds())));
      return;
    }
    // A hook is a probe that runs once: exec through CRI or an HTTP GET, with the remaining grace as its timeout.
    var probe = new ProbeBuilder().withExec(hook.getExec()).withHttpGet(hook.getHttpGet()).withTcpSocket(hook.getTcpSocket())
        .withTimeoutSeconds((int) Math.max(1, timeout.toSeconds())).build();
    ProbeResult r = new Prober(runtime).probe(probe, c, containerId, podIp);
    if (r != ProbeResult.SUCCESS) {
      LOG.info("preStop hook of container {} ({}) did not succeed", c.getName(), containerId);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
  }
}
