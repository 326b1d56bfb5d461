package dev.kplane.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole cluster on real containers: `kplane up --nodes 2` (kubelets on containerd, scheduler, controllers,
 * proxy, DNS) driven by the real kubectl, as the kubelet, controllers and service networking issues judge it.
 * Needs root (containerd, runc, CNI, nftables); bin/setup-containerd, which `up` runs, installs what is missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodesIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private static final String WEB = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        strategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}
        template:
          metadata: {labels: {app: web}}
          spec:
            terminationGracePeriodSeconds: 5
            containers:
            - name: httpd
              image: busybox
              command: ["sh", "-c", "mkdir -p /www && hostname > /www/index.html && echo serving $(hostname) && httpd -f -p 8080 -h /www & trap 'exit 0' TERM; wait"]
              ports: [{containerPort: 8080, name: http}]
              readinessProbe: {httpGet: {path: /index.html, port: http}, periodSeconds: 1, failureThreshold: 1}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: http}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: client}
      spec:
        nodeName: node-2
        terminationGracePeriodSeconds: 1
        containers:
        - name: sh
          image: busybox
          command: ["sh", "-c", "echo client up; trap 'exit 0' TERM; while true; do sleep 1; done"]
      """;

  private static KplaneProcess kplane;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Kubectl.available(), "kubectl is not installed at " + Kubectl.BINARY);
    assumeTrue("root".equals(System.getProperty("user.name")), "real containers need root (containerd, runc, CNI)");
    Path work = Files.createTempDirectory("nodes-it");
    kplane = KplaneProcess.start(work, "--nodes", "2", "--runtime", "CONTAINERD", "--cluster-name", "kplane-e2e")
        .awaitReady();
    kubectl = new Kubectl(kplane.kubeconfig(), work.resolve("kube-cache"));
    kubectl.run(WEB, Map.of(), "apply", "-f", "-").ok();
    kubectl.run("wait", "--for=condition=Ready", "pod/client", "--timeout=120s").ok();
    kubectl.run("rollout", "status", "deployment/web", "--timeout=120s").ok();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kplane != null) {
      kplane.close();
    }
  }

  @Test
  @Order(1)
  void podsRunAsRealContainersOnTheNodeTheyWereGiven() throws Exception {
    assertEquals("node-2", kubectl.run("get", "pod", "client", "-o", "jsonpath={.spec.nodeName}").ok());
    String containerId = kubectl.run("get", "pod", "client", "-o", "jsonpath={.status.containerStatuses[0].containerID}").ok();
    assertTrue(containerId.startsWith("containerd://"), containerId);
    assertTrue(ctr("tasks", "ls").contains(containerId.substring("containerd://".length())), "containerd runs it");
    assertEquals("client up", kubectl.run("logs", "client").ok().trim());
    assertEquals("hello", kubectl.run("exec", "client", "--", "echo", "hello").ok().trim());
  }

  @Test
  @Order(2)
  void aClusterIpReachesEveryReadyPodFromTheHostAndFromAPod() throws Exception {
    Set<String> pods = webPods();
    assertEquals(2, pods.size());
    String ip = clusterIp();
    assertEquals(pods, await(() -> fromHost("http://" + ip + "/", 8), s -> s.equals(pods)));
    assertEquals(pods, await(() -> fromPod(ip, 80, 8), s -> s.equals(pods)));
  }

  @Test
  @Order(3)
  void clusterDnsAnswersServiceNamesToPods() throws Exception {
    String out = kubectl.run("exec", "client", "--", "nslookup", "web.default.svc.cluster.local").ok();
    assertTrue(out.contains("Address: " + clusterIp()), out);
    String resolv = kubectl.run("exec", "client", "--", "cat", "/etc/resolv.conf").ok();
    assertTrue(resolv.contains("search default.svc.cluster.local svc.cluster.local cluster.local"), resolv);
  }

  @Test
  @Order(4)
  void scalingUpAddsTheNewPodBehindTheService() throws Exception {
    kubectl.run("scale", "deployment/web", "--replicas=3").ok();
    kubectl.run("rollout", "status", "deployment/web", "--timeout=120s").ok();
    Set<String> pods = webPods();
    assertEquals(3, pods.size());
    String ip = clusterIp();
    assertEquals(pods, await(() -> fromHost("http://" + ip + "/", 12), s -> s.equals(pods)));
  }

  @Test
  @Order(5)
  void aPodFailingReadinessStopsReceivingTraffic() throws Exception {
    String pod = webPods().iterator().next();
    kubectl.run("exec", pod, "--", "rm", "/www/index.html").ok();
    kubectl.run("wait", "--for=condition=Ready=false", "pod/" + pod, "--timeout=60s").ok();
    String ip = clusterIp();
    Set<String> seen = await(() -> fromHost("http://" + ip + "/", 12), s -> !s.contains(pod) && s.size() == 2);
    assertTrue(!seen.contains(pod), "the unready pod still gets traffic: " + seen);
    kubectl.run("exec", pod, "--", "sh", "-c", "hostname > /www/index.html").ok();
    kubectl.run("wait", "--for=condition=Ready", "pod/" + pod, "--timeout=60s").ok();
  }

  @Test
  @Order(6)
  void aNodePortAnswersOnTheNodeAddress() throws Exception {
    kubectl.run("patch", "service", "web", "-p", "{\"spec\":{\"type\":\"NodePort\"}}").ok();
    String port = kubectl.run("get", "service", "web", "-o", "jsonpath={.spec.ports[0].nodePort}").ok();
    String node = kubectl.run("get", "node", "node-1", "-o",
        "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}").ok();
    Set<String> pods = webPods();
    Set<String> seen = await(() -> fromHost("http://" + node + ":" + port + "/", 3), s -> !s.isEmpty());
    assertTrue(pods.containsAll(seen) && !seen.isEmpty(), seen + " vs " + pods);
  }

  @Test
  @Order(7)
  void aKilledContainerIsRestarted() throws Exception {
    String pod = webPods().iterator().next();
    String id = kubectl.run("get", "pod", pod, "-o", "jsonpath={.status.containerStatuses[0].containerID}").ok()
        .replace("containerd://", "");
    ctr("tasks", "kill", "-s", "SIGKILL", id);
    await(() -> kubectl.run("get", "pod", pod, "-o", "jsonpath={.status.containerStatuses[0].restartCount}").ok(),
        n -> !n.isEmpty() && Integer.parseInt(n) >= 1);
    assertEquals("137", kubectl.run("get", "pod", pod, "-o",
        "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}").ok());
  }

  @Test
  @Order(8)
  void aRolloutAndItsUndoGoThroughWithTheRealKubectl() throws Exception {
    kubectl.run("set", "env", "deployment/web", "GREETING=v2").ok();
    kubectl.run("rollout", "status", "deployment/web", "--timeout=180s").ok();
    String history = kubectl.run("rollout", "history", "deployment/web").ok();
    assertTrue(history.contains("1 ") && history.contains("2 "), history);
    kubectl.run("rollout", "undo", "deployment/web").ok();
    kubectl.run("rollout", "status", "deployment/web", "--timeout=180s").ok();
    assertEquals("", kubectl.run("get", "deployment", "web", "-o",
        "jsonpath={.spec.template.spec.containers[0].env}").ok());
  }

  @Test
  @Order(9)
  void deletingTheDeploymentStopsAndRemovesItsContainers() throws Exception {
    kubectl.run("delete", "deployment", "web", "--wait=false").ok();
    await(() -> kubectl.run("get", "pods", "-l", "app=web", "-o", "name").ok(), String::isBlank);
    await(() -> ctr("containers", "ls", "labels.\"io.kubernetes.container.name\"==httpd"),
        out -> out.lines().skip(1).findAny().isEmpty());
  }

  private static Set<String> webPods() throws Exception {
    String names = kubectl.run("get", "pods", "-l", "app=web", "--field-selector=status.phase=Running", "-o",
        "jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{\"\\n\"}{end}").ok();
    Set<String> out = new HashSet<>();
    names.lines().map(String::trim).filter(l -> !l.isBlank() && !l.contains(" ")).forEach(out::add);
    return out;
  }

  private static String clusterIp() throws Exception {
    return kubectl.run("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}").ok();
  }

  /** The hostnames answering `requests` GETs from this host. */
  private static Set<String> fromHost(String url, int requests) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < requests; i++) {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET()
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && !r.body().isBlank()) {
          seen.add(r.body().trim());
        }
      } catch (IOException | InterruptedException e) {
        // counted as no answer
      }
    }
    return seen;
  }

  /** The hostnames answering from inside the client pod (busybox nc: its wget crashes in this static build). */
  private static Set<String> fromPod(String ip, int port, int requests) throws Exception {
    String out = kubectl.run("exec", "client", "--", "sh", "-c", "for i in $(seq " + requests + "); do "
        + "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ip + " " + port + " | tail -n 1; done").out();
    Set<String> seen = new HashSet<>();
    out.lines().map(String::trim).filter(l -> l.startsWith("web-")).forEach(seen::add);
    return seen;
  }

  private static String ctr(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("ctr", "-n", "k8s.io"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** Polls until the value satisfies the condition (60 s at most); the last value. */
  private static <T> T await(Callable<T> value, java.util.function.Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    T last = value.call();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + last + " after 60 s; kplane log:\n" + kplane.tail(30));
      }
      Thread.sleep(250);
      last = value.call();
    }
    return last;
  }
}
