package dev.kplane.kubelet.pod;

/** A container cannot be configured yet (a missing ConfigMap, Secret or key): CreateContainerConfigError. */
public final class ContainerConfigException extends Exception {
  public ContainerConfigException(String message) {
    super(message);
  }
}
