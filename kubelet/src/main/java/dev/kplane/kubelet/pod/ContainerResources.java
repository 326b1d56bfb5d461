package dev.kplane.kubelet.pod;

import dev.kplane.kubelet.runtime.ContainerSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A container's Linux resources for CRI, as kuberuntime's calculateLinuxResources and qos.GetContainerOOMScoreAdjust
 * compute them. oom_score_adj is never negative: this machine's containerd refuses negative values (see
 * FIELD-NOTES), so Guaranteed pods get 0 instead of -997.
 */
public final class ContainerResources {
  private ContainerResources() {}

  static final long MIN_SHARES = 2;
  static final long MAX_SHARES = 262144;
  static final long QUOTA_PERIOD = 100_000;
  static final long MIN_QUOTA = 1000;

  public static ContainerSpec.Resources of(Pod pod, Container c, long nodeMemoryBytes) {
    long cpuRequest = milli(c, "requests", "cpu");
    long cpuLimit = milli(c, "limits", "cpu");
    long memLimit = value(c, "limits", "memory");
    long shares = cpuRequest == 0 && cpuLimit != 0 ? sharesOf(cpuLimit) : sharesOf(cpuRequest);
    long quota = cpuLimit == 0 ? 0 : Math.max(MIN_QUOTA, cpuLimit * QUOTA_PERIOD / 1000);
    return new ContainerSpec.Resources(shares, quota, QUOTA_PERIOD, memLimit, Math.max(0, oomScoreAdj(pod, c, nodeMemoryBytes)));
  }

  static long sharesOf(long milliCpu) {
    if (milliCpu == 0) {
      return MIN_SHARES;
    }
    return Math.min(MAX_SHARES, Math.max(MIN_SHARES, milliCpu * 1024 / 1000));
  }

  static long oomScoreAdj(Pod pod, Container c, long nodeMemoryBytes) {
    switch (QosClass.of(pod)) {
      case QosClass.GUARANTEED:
        return -997;
      case QosClass.BEST_EFFORT:
        return 1000;
      default:
        break;
    }
    long request = value(c, "requests", "memory");
    long adj = nodeMemoryBytes <= 0 ? 999 : 1000 - (1000 * request) / nodeMemoryBytes;
    if (adj < 3) {
      return 3;
    }
    return adj == 1000 ? 999 : adj;
  }

  private static Quantity get(Container c, String kind, String name) {
    if (c.getResources() == null) {
      return null;
    }
    Map<String, Quantity> list = "limits".equals(kind) ? c.getResources().getLimits() : c.getResources().getRequests();
    return list == null ? null : list.get(name);
  }

  static long milli(Container c, String kind, String name) {
    Quantity q = get(c, kind, name);
    return q == null ? 0 : q.getNumericalAmount().movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  static long value(Container c, String kind, String name) {
    Quantity q = get(c, kind, name);
    return q == null ? 0 : q.getNumericalAmount().setScale(0, RoundingMode.CEILING).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
  }
}
