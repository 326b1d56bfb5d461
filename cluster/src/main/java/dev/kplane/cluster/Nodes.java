package dev.kplane.cluster;

import dev.kplane.kubelet.Kubelet;
import dev.kplane.kubelet.KubeletConfig;
import dev.kplane.kubelet.cri.CriClient;
import dev.kplane.kubelet.cri.sim.SimulatedRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The nodes of `kplane up --nodes N`: N kubelets in this process, each with its own node name and directories,
 * sharing one container runtime — the real containerd (installed and started by bin/setup-containerd) when
 * running as root, else the simulated runtime, and the launcher says which.
 */
final class Nodes {
  enum Runtime { AUTO, CONTAINERD, SIMULATED }

  private Nodes() {}

  static String name(int i) {
    return "node-" + i;
  }

  /** Starts the kubelets; each is pushed on {@code running} as soon as it exists, so a failure stops the others. */
  static List<Kubelet> start(int count, Runtime requested, String bootstrap, String cluster, String apiUrl, Path dir,
                             Deque<AutoCloseable> running) throws IOException, InterruptedException {
    Runtime runtime = choose(requested);
    List<Kubelet> kubelets = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String node = name(i);
      KubeletConfig config = KubeletConfig.defaults(bootstrap, cluster, node, apiUrl)
          .withRootDir(dir.resolve("kubelet").resolve(node))
          .withClusterDns(List.of(dev.kplane.proxy.dns.KubeDnsService.DEFAULT_CLUSTER_IP), "cluster.local");
      Kubelet kubelet;
      if (runtime == Runtime.CONTAINERD) {
        kubelet = new Kubelet(config);
      } else {
        String channel = cluster + "-" + node + "-cri";
        SimulatedRuntime sim = SimulatedRuntime.serveInProcess(channel, SimulatedRuntime.Config.defaults()
            .withPodCidr("10.244." + i + ".0/24"));
        running.push(sim);
        kubelet = new Kubelet(config.withLogRoot(dir.resolve("pod-logs")), CriClient.inProcess(channel));
      }
      running.push(kubelet);
      kubelet.start();
      kubelets.add(kubelet);
    }
    System.out.println("kplane: nodes " + kubelets.stream().map(Kubelet::nodeName).toList() + " on "
        + (runtime == Runtime.CONTAINERD ? "containerd (real containers)" : "the SIMULATED runtime (no containers run)"));
    return kubelets;
  }

  /** AUTO: containerd when root (bin/setup-containerd installs and starts it), else the simulated runtime. */
  private static Runtime choose(Runtime requested) throws IOException, InterruptedException {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (requested == Runtime.SIMULATED) {
      return requested;
    }
    if (!root) {
      if (requested == Runtime.CONTAINERD) {
        throw new IllegalStateException("--runtime containerd needs root (containerd, runc and CNI do); run as root "
            + "or use --runtime simulated");
      }
      System.out.println("kplane: not running as root, so containerd cannot be used: the nodes run the SIMULATED "
          + "runtime (pods get fake IPs and 'run' without containers). Run as root for real containers.");
      return Runtime.SIMULATED;
    }
    Path setup = home().resolve("bin").resolve("setup-containerd");
    if (!Files.isExecutable(setup)) {
      throw new IllegalStateException(setup + " is missing: run kplane from its checkout (bin/kplane)");
    }
    System.out.println("kplane: preparing containerd (" + setup + "; installs packages on first use)");
    Process p = new ProcessBuilder(setup.toString()).inheritIO().start();
    if (p.waitFor() != 0) {
      if (requested == Runtime.CONTAINERD) {
        throw new IllegalStateException("bin/setup-containerd failed (exit " + p.exitValue() + "); see its output above");
      }
      System.out.println("kplane: bin/setup-containerd failed (exit " + p.exitValue() + "): the nodes run the SIMULATED "
          + "runtime instead. Fix containerd (see its log /var/log/kplane-containerd.log) for real containers.");
      return Runtime.SIMULATED;
    }
    return Runtime.CONTAINERD;
  }

  /** The kplane checkout: bin/kplane passes it; tests run from a module directory of it. */
  static Path home() {
    String h = System.getProperty("kplane.home");
    if (h != null) {
      return Path.of(h);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("bin").resolve("setup-containerd"))) {
      p = p.getParent();
    }
    return p == null ? Path.of("").toAbsolutePath() : p;
  }
}
