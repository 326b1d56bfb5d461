package dev.kplane.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fabric8 Java client and the official python client against `kplane up`, asserting what they read back. */
class ClientLibrariesIT {
  private static KplaneProcess kplane;

  @BeforeAll
  static void start() throws Exception {
    kplane = KplaneProcess.start(Files.createTempDirectory("clients-it")).awaitReady();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kplane != null) {
      kplane.close();
      dev.kplane.testkit.Dirs.delete(kplane.dir);
    }
  }

  @Test
  void fabric8CrudListWatchPatchAndDeleteCollection() throws Exception {
    // the client's 10 s default request timeout would make this a latency test; latency belongs to the benchmarks
    Config config = new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(kplane.base())
        .withRequestTimeout(60_000).build();
    try (KubernetesClient k8s = new KubernetesClientBuilder().withConfig(config).build()) {
      String ns = "fabric8";
      k8s.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();

      ConfigMap created = k8s.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
          .withName("cfg").addToLabels("app", "f8").endMetadata().addToData("a", "1").build()).create();
      assertTrue(Long.parseLong(created.getMetadata().getResourceVersion()) > 0);
      assertEquals(Map.of("a", "1"), k8s.configMaps().inNamespace(ns).withName("cfg").get().getData());

      ConfigMap edited = k8s.configMaps().inNamespace(ns).withName("cfg").edit(cm -> new ConfigMapBuilder(cm)
          .addToData("b", "2").build());
      assertEquals(Map.of("a", "1", "b", "2"), edited.getData());
      var stale = assertThrowsCode(409, () -> k8s.configMaps().inNamespace(ns).resource(created).update());
      assertTrue(stale.getMessage().contains("the object has been modified"), stale.getMessage());

      ConfigMap patched = k8s.configMaps().inNamespace(ns).withName("cfg").patch(
          PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"c\":\"3\"}}");
      assertEquals(Map.of("a", "1", "b", "2", "c", "3"), patched.getData());
      ConfigMap jsonPatched = k8s.configMaps().inNamespace(ns).withName("cfg").patch(
          PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/data/a\"}]");
      assertEquals(Map.of("b", "2", "c", "3"), jsonPatched.getData());

      // list, then watch from the list's resourceVersion
      var list = k8s.configMaps().inNamespace(ns).list();
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      try (var watch = k8s.configMaps().inNamespace(ns).withResourceVersion(list.getMetadata().getResourceVersion())
          .watch(new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
              events.add(action + " " + cm.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
          })) {
        k8s.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("later")
            .endMetadata().build()).create();
        k8s.configMaps().inNamespace(ns).withName("later").delete();
        assertEquals("ADDED later", events.poll(20, TimeUnit.SECONDS));
        assertEquals("DELETED later", events.poll(20, TimeUnit.SECONDS));
      }

      Deployment d = k8s.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
          .withName("web").endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web")
          .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
          .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build())
          .create();
      assertEquals(1, d.getSpec().getReplicas());
      k8s.apps().deployments().inNamespace(ns).withName("web").scale(3);
      assertEquals(3, k8s.apps().deployments().inNamespace(ns).withName("web").get().getSpec().getReplicas());

      for (int i = 0; i < 3; i++) {
        k8s.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("batch-" + i)
            .addToLabels("batch", i < 2 ? "yes" : "no").endMetadata().build()).create();
      }
      k8s.configMaps().inNamespace(ns).withLabel("batch", "yes").delete();
      List<String> left = k8s.configMaps().inNamespace(ns).list().getItems().stream()
          .map(c -> c.getMetadata().getName()).sorted().toList();
      assertEquals(List.of("batch-2", "cfg"), left);
      assertEquals(null, k8s.configMaps().inNamespace(ns).withName("missing").get());
    }
  }

  private static KubernetesClientException assertThrowsCode(int code, Runnable r) {
    try {
      r.run();
    } catch (KubernetesClientException e) {
      assertEquals(code, e.getCode(), e.getMessage());
      return e;
    }
    throw new AssertionError("expected a " + code + " error");
  }

  @Test
  void pythonClientCrudListWatchPatchAndDeleteCollection() throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
    Process probe = new ProcessBuilder(python.toString(), "-c", "import kubernetes").start();
    assumeTrue(probe.waitFor() == 0, "the python client is not installed (bin/test installs Debian's python3-kubernetes)");
    Process p = new ProcessBuilder(python.toString(), Path.of("src/test/python/client_check.py").toAbsolutePath().toString(),
        kplane.kubeconfig().toString(), "python").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("python client: all checks passed"), out);
  }
}
