package dev.kplane.kubelet.probe;

/**
 * The verdict of one probe of one container instance, as kubelet's prober worker keeps it: a result changes the
 * verdict only after failureThreshold consecutive failures or successThreshold consecutive successes. A
 * liveness or startup failure puts the probe on hold until the container is replaced (the kubelet kills it).
 */
public final class ProbeState {
  private final ProbeType type;
  private final int successThreshold;
  private final int failureThreshold;
  private ProbeResult verdict;
  private ProbeResult last = ProbeResult.UNKNOWN;
  private int run;
  private boolean onHold;

  public ProbeState(ProbeType type, int successThreshold, int failureThreshold) {
    this.type = type;
    this.successThreshold = Math.max(1, successThreshold);
    this.failureThreshold = Math.max(1, failureThreshold);
    this.verdict = type.initial;
  }

  public ProbeResult verdict() {
    return verdict;
  }

  /** False once a liveness/startup failure was reported or a startup probe succeeded: no more probing needed. */
  public boolean shouldProbe() {
    return !onHold && !(type == ProbeType.STARTUP && verdict == ProbeResult.SUCCESS);
  }

  /** Takes one probe result; returns the verdict after it. */
  public ProbeResult observe(ProbeResult result) {
    run = result == last ? run + 1 : 1;
    last = result;
    if ((result == ProbeResult.FAILURE && run < failureThreshold)
        || (result == ProbeResult.SUCCESS && run < successThreshold)) {
      return verdict;
    }
    verdict = result;
    if (result == ProbeResult.FAILURE && type != ProbeType.READINESS) {
      run = 0;
      onHold = true;
    }
    return verdict;
  }
}
