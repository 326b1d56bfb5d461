package dev.kplane.kubelet.runtime;

import java.util.List;
import java.util.Map;

/** A container to create: its command line, environment, mounts and Linux resources. */
public record ContainerSpec(String name, int attempt, String image, List<String> command, List<String> args,
    String workingDir, Map<String, String> env, List<Mount> mounts, String logPath, Resources resources,
    Map<String, String> labels, Map<String, String> annotations, boolean tty, boolean stdin, boolean stdinOnce) {

  public record Mount(String containerPath, String hostPath, boolean readOnly) {}

  /** CRI LinuxContainerResources; zero means unset. */
  public record Resources(long cpuShares, long cpuQuota, long cpuPeriod, long memoryLimitBytes, long oomScoreAdj) {}
}
