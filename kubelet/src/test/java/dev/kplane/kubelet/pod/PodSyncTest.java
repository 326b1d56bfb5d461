package dev.kplane.kubelet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.kubelet.desired.DesiredState;
import dev.kplane.kubelet.probe.ProbeManager;
import dev.kplane.kubelet.probe.Prober;
import dev.kplane.kubelet.runtime.Labels;
import dev.kplane.kubelet.runtime.SandboxSpec;
import dev.kplane.kubelet.volume.PodVolumes;
import dev.kplane.schemas.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PodSync over an in-memory runtime: what it asks the runtime to do and which statuses it reports. */
class PodSyncTest {
  static final String NODE = "n1";
  Instant now = Pods.T0;
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };
  final FakeRuntime runtime = new FakeRuntime(clock);
  final DesiredState desired = new DesiredState();
  final Map<String, PodStatus> statuses = new HashMap<>();
  final List<String> deleted = new ArrayList<>();
  final List<Duration> requeues = new ArrayList<>();
  final ExecutorService pool = Executors.newCachedThreadPool();
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  @TempDir
  Path dir;
  PodSync sync;

  final PodStatusSink sink = new PodStatusSink() {
    @Override
    public Optional<PodStatus> last(String uid) {
      return Optional.ofNullable(statuses.get(uid));
    }

    @Override
    public void write(Pod pod, PodStatus status) {
      statuses.put(pod.getMetadata().getUid(), status);
    }

    @Override
    public void delete(Pod pod) {
      deleted.add(pod.getMetadata().getName());
    }

    @Override
    public void forget(String uid) {
      statuses.remove(uid);
    }
  };

  PodSync sync() {
    if (sync == null) {
      NodeContext node = new NodeContext(NODE, "192.168.1.5", Map.of("cpu", new Quantity("2"), "memory", new Quantity("4Gi")),
          4L << 30, dir.resolve("logs"), PodDns.none());
      sync = new PodSync(node, runtime, "fake", desired, new PodVolumes(dir.resolve("root")),
          new ProbeManager(new Prober(runtime), timer, uid -> { }), new CrashBackoff(), sink, pool, clock,
          (uid, delay) -> requeues.add(delay));
    }
    return sync;
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  void put(String json) {
    desired.apply("ns/p", (ObjectNode) Json.parse(json));
  }

  static final String POD = """
      {"metadata":{"name":"p","namespace":"ns","uid":"u1"},
       "spec":{"nodeName":"n1","terminationGracePeriodSeconds":30,
        "volumes":[{"name":"cfg","configMap":{"name":"cm"}}],
        "initContainers":[{"name":"init","image":"busybox"}],
        "containers":[{"name":"app","image":"busybox","env":[{"name":"COLOR","valueFrom":{"configMapKeyRef":{"name":"cm","key":"color"}}}],
          "volumeMounts":[{"name":"cfg","mountPath":"/cfg"}]}]}}""";

  @Test
  void runsInitContainersThenContainersAndReportsRunning() throws Exception {
    desired.apply("configmaps/ns/cm", (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"cm\",\"namespace\":\"ns\"},\"data\":{\"color\":\"blue\"}}"));
    put(POD);
    sync().sync("u1");
    assertEquals(List.of("runSandbox 0", "start init-0 env={}"), runtime.calls);
    assertEquals("Pending", statuses.get("u1").getPhase());
    assertEquals("blue", Files.readString(dir.resolve("root/pods/u1/volumes/cfg/color")));

    runtime.exit("init-0", 0);
    sync().sync("u1");
    assertEquals("start app-0 env={COLOR=blue}", runtime.calls.get(2));
    PodStatus s = statuses.get("u1");
    assertEquals("Running", s.getPhase());
    assertEquals("10.88.0.2", s.getPodIP());
    assertEquals("fake://app-0", s.getContainerStatuses().get(0).getContainerID());
    assertTrue(s.getContainerStatuses().get(0).getReady());
    assertTrue(s.getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
  }

  @Test
  void aCrashingContainerRestartsAtOnceThenBacksOff() {
    put(POD.replace("\"volumes\":[{\"name\":\"cfg\",\"configMap\":{\"name\":\"cm\"}}],", "")
        .replace(",\"env\":[{\"name\":\"COLOR\",\"valueFrom\":{\"configMapKeyRef\":{\"name\":\"cm\",\"key\":\"color\"}}}]", "")
        .replace(",\n          \"volumeMounts\":[{\"name\":\"cfg\",\"mountPath\":\"/cfg\"}]", ""));
    sync().sync("u1");
    runtime.exit("init-0", 0);
    sync().sync("u1");
    runtime.exit("app-0", 1);
    now = now.plusSeconds(1);
    sync().sync("u1");
    assertTrue(runtime.containers.containsKey("app-1"), "first restart without delay: " + runtime.calls);
    assertEquals(1, statuses.get("u1").getContainerStatuses().get(0).getRestartCount());
    runtime.exit("app-1", 1);
    now = now.plusSeconds(2);
    sync().sync("u1");
    var app = statuses.get("u1").getContainerStatuses().get(0);
    assertEquals("CrashLoopBackOff", app.getState().getWaiting().getReason());
    assertEquals("back-off 10s restarting failed container=app pod=p_ns(u1)", app.getState().getWaiting().getMessage());
    assertEquals(1, app.getLastState().getTerminated().getExitCode());
    assertEquals(List.of(Duration.ofMillis(8_100)), requeues, "retried when the 10 s after the exit 2 s ago are over");
    now = now.plusSeconds(10);
    sync().sync("u1");
    assertTrue(runtime.containers.containsKey("app-2"), "restarted once the back-off passed");
    assertEquals(2, statuses.get("u1").getContainerStatuses().get(0).getRestartCount());
  }

  @Test
  void aDeletedPodIsStoppedWithinItsGracePeriodThenRemovedAndDeleted() {
    desired.apply("configmaps/ns/cm", (ObjectNode) Json.parse("{\"metadata\":{\"name\":\"cm\",\"namespace\":\"ns\"},\"data\":{\"color\":\"blue\"}}"));
    put(POD);
    sync().sync("u1");
    runtime.exit("init-0", 0);
    sync().sync("u1");
    put(POD.replace("\"uid\":\"u1\"}", "\"uid\":\"u1\",\"deletionTimestamp\":\"2026-01-01T00:00:07Z\",\"deletionGracePeriodSeconds\":7}"));
    sync().sync("u1");
    assertTrue(runtime.calls.contains("stop app-0 7s"), runtime.calls.toString());
    assertTrue(runtime.sandboxes.isEmpty() && runtime.containers.isEmpty(), "sandbox and containers removed");
    assertEquals(List.of("p"), deleted);
    assertEquals(143, statuses.get("u1").getContainerStatuses().get(0).getState().getTerminated().getExitCode());
  }

  @Test
  void anOrphanIsStoppedAndRemoved() {
    runtime.runSandbox(new SandboxSpec("ghost", "ns", "ghost-uid", 0, "", "/tmp", true, List.of(),
        Map.of(Labels.NODE, NODE, Labels.POD_UID, "ghost-uid"), Map.of(), "/kplane/ghost", List.of(), List.of(), List.of()));
    sync().sync("ghost-uid");
    assertTrue(runtime.sandboxes.isEmpty());
    assertEquals(List.of(), deleted);
  }
}
