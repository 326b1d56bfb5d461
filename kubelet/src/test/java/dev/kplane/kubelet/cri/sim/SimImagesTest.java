package dev.kplane.kubelet.cri.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SimImagesTest {
  @Test
  void shouldNormalizeAsDockerReferences() {
    assertEquals("docker.io/library/busybox:latest", SimImages.normalize("busybox"));
    assertEquals("docker.io/library/busybox:1.36", SimImages.normalize("busybox:1.36"));
    assertEquals("docker.io/bitnami/redis:latest", SimImages.normalize("bitnami/redis"));
    assertEquals("registry.k8s.io/pause:3.10", SimImages.normalize("registry.k8s.io/pause:3.10"));
    assertEquals("localhost:5000/app:latest", SimImages.normalize("localhost:5000/app"));
    assertEquals("localhost/app:latest", SimImages.normalize("localhost/app"));
  }
}
