package dev.kplane.kubelet.probe;

/** The three probes, each with the result it reports before its first verdict (prober/worker.go). */
public enum ProbeType {
  LIVENESS(ProbeResult.SUCCESS), READINESS(ProbeResult.FAILURE), STARTUP(ProbeResult.UNKNOWN);

  public final ProbeResult initial;

  ProbeType(ProbeResult initial) {
    this.initial = initial;
  }
}
