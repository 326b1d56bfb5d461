package dev.kplane.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: `kplane up` in its own JVM, driven by the real kubectl 1.32. Each test works in its own namespace
 * so the tests share one cluster.
 */
class KubectlIT {
  private static KplaneProcess kplane;
  private static Kubectl kubectl;
  private static Path work;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Kubectl.available(), "kubectl is not installed at " + Kubectl.BINARY);
    work = Files.createTempDirectory("kubectl-it");
    kplane = KplaneProcess.start(work).awaitReady();
    kubectl = new Kubectl(kplane.kubeconfig(), work.resolve("kube-cache"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (kplane != null) {
      kplane.close();
    }
    dev.kplane.testkit.Dirs.delete(work);
  }

  private static void createNamespace(String ns) throws Exception {
    kubectl.run("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}", Map.of(),
        "create", "-f", "-", "--validate=false").ok();
  }

  private static String configMap(String name, String labels, String data) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{" + labels
        + "}},\"data\":{" + data + "}}";
  }

  private static void create(String ns, String json) throws Exception {
    kubectl.run(json, Map.of(), "create", "-n", ns, "-f", "-", "--validate=false").ok();
  }

  @Test
  void apiResourcesAndVersionsListTheBuiltinTypes() throws Exception {
    String resources = kubectl.run("api-resources").ok();
    assertTrue(resources.lines().anyMatch(l -> l.matches("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment")),
        resources);
    assertTrue(resources.lines().anyMatch(l -> l.matches("pods\\s+po\\s+v1\\s+true\\s+Pod")), resources);
    assertTrue(resources.lines().anyMatch(l -> l.matches("namespaces\\s+ns\\s+v1\\s+false\\s+Namespace")), resources);
    String versions = kubectl.run("api-versions").ok();
    for (String gv : List.of("v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1")) {
      assertTrue(versions.lines().anyMatch(gv::equals), gv + " in\n" + versions);
    }
    assertEquals("kubernetes", kubectl.run("get", "svc", "-n", "default", "-o", "jsonpath={.items[*].metadata.name}").ok());
  }

  @Test
  void getSupportsOutputFormatsSelectorsAndAllNamespaces() throws Exception {
    createNamespace("out-a");
    createNamespace("out-b");
    create("out-a", configMap("red", "\"color\":\"red\",\"tier\":\"web\"", "\"a\":\"1\""));
    create("out-a", configMap("blue", "\"color\":\"blue\",\"tier\":\"web\"", "\"a\":\"2\""));
    create("out-b", configMap("green", "\"color\":\"green\"", "\"a\":\"3\""));

    JsonNode list = Json.parse(kubectl.run("get", "cm", "-n", "out-a", "-o", "json").ok());
    assertEquals("List", list.path("kind").asText());
    assertEquals(2, list.path("items").size());
    JsonNode red = Json.parse(kubectl.run("get", "cm", "red", "-n", "out-a", "-o", "json").ok());
    assertEquals("1", red.path("data").path("a").asText());
    assertTrue(kubectl.run("get", "cm", "red", "-n", "out-a", "-o", "yaml").ok().contains("  a: \"1\"\n"));
    assertEquals("blue red", kubectl.run("get", "cm", "-n", "out-a", "-o", "jsonpath={.items[*].metadata.name}").ok());
    assertEquals("NAME   A\nred    1\n", kubectl.run("get", "cm", "-n", "out-a", "-l", "color=red",
        "-o", "custom-columns=NAME:.metadata.name,A:.data.a").ok());
    assertEquals("configmap/blue\n", kubectl.run("get", "cm", "-n", "out-a", "--field-selector", "metadata.name=blue",
        "-o", "name").ok());
    String all = kubectl.run("get", "cm", "-A", "-l", "color", "-o",
        "custom-columns=NS:.metadata.namespace,NAME:.metadata.name", "--sort-by=.metadata.name").ok();
    assertEquals("NS      NAME\nout-a   blue\nout-b   green\nout-a   red\n", all);
    var missing = kubectl.run("get", "cm", "nope", "-n", "out-a");
    assertEquals(1, missing.exit());
    assertEquals("Error from server (NotFound): configmaps \"nope\" not found\n", missing.err());
  }

  @Test
  void labelAnnotateAndPatchChangeTheObject() throws Exception {
    createNamespace("edit");
    create("edit", configMap("cfg", "\"app\":\"x\"", "\"a\":\"1\""));
    kubectl.run("label", "cm", "cfg", "-n", "edit", "env=prod").ok();
    kubectl.run("annotate", "cm", "cfg", "-n", "edit", "note=hello").ok();
    kubectl.run("label", "cm", "cfg", "-n", "edit", "app-").ok();
    kubectl.run("patch", "cm", "cfg", "-n", "edit", "--type=merge", "-p", "{\"data\":{\"b\":\"2\"}}").ok();
    kubectl.run("patch", "cm", "cfg", "-n", "edit", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/data/a\"}]").ok();
    JsonNode cm = Json.parse(kubectl.run("get", "cm", "cfg", "-n", "edit", "-o", "json").ok());
    assertEquals("{\"env\":\"prod\"}", cm.path("metadata").path("labels").toString());
    assertEquals("hello", cm.path("metadata").path("annotations").path("note").asText());
    assertEquals("{\"b\":\"2\"}", cm.path("data").toString());
    kubectl.run("label", "cm", "cfg", "-n", "edit", "env-").ok();
    assertTrue(Json.parse(kubectl.run("get", "cm", "cfg", "-n", "edit", "-o", "json").ok()).path("metadata")
        .path("labels").isMissingNode(), "an emptied label map is left out, as kube leaves it out");
    var bad = kubectl.run("patch", "cm", "cfg", "-n", "edit", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/data/zz\"}]");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().startsWith("The request is invalid"), bad.err());
  }

  @Test
  void scaleAndDeleteWithCascadeAndWait() throws Exception {
    createNamespace("life");
    kubectl.run("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{"
        + "\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":"
        + "{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}", Map.of(),
        "create", "-n", "life", "-f", "-", "--validate=false").ok();
    assertEquals("deployment.apps/web scaled\n", kubectl.run("scale", "deploy", "web", "-n", "life", "--replicas=4").ok());
    assertEquals("4", kubectl.run("get", "deploy", "web", "-n", "life", "-o", "jsonpath={.spec.replicas}").ok());

    // orphan: the garbage collector releases the ReplicaSet (no ownerReference left), then the Deployment goes
    awaitOutput(() -> kubectl.run("get", "rs", "-n", "life", "-l", "app=web", "-o", "name").ok(), o -> !o.isBlank());
    kubectl.run("delete", "deploy", "web", "-n", "life", "--cascade=orphan", "--timeout=60s").ok();
    assertEquals("", kubectl.run("get", "rs", "-n", "life", "-l", "app=web", "-o",
        "jsonpath={.items[0].metadata.ownerReferences}").ok());
    // foreground: the Deployment carries foregroundDeletion until its ReplicaSet is gone, then goes itself
    kubectl.run("create", "deployment", "fg", "-n", "life", "--image=busybox").ok();
    awaitOutput(() -> kubectl.run("get", "rs", "-n", "life", "-l", "app=fg", "-o", "name").ok(), o -> !o.isBlank());
    kubectl.run("delete", "deploy", "fg", "-n", "life", "--cascade=foreground", "--timeout=60s").ok();
    assertEquals("", kubectl.run("get", "rs", "-n", "life", "-l", "app=fg", "-o", "name").ok());

    create("life", configMap("short-lived", "", "\"a\":\"1\""));
    Process waiter = kubectl.start(Map.of(), "wait", "--for=delete", "cm/short-lived", "-n", "life", "--timeout=30s");
    Thread.sleep(500);
    kubectl.run("delete", "cm", "short-lived", "-n", "life").ok();
    assertTrue(waiter.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, waiter.exitValue(), new String(waiter.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void getWatchPrintsChangesAsTheyHappen() throws Exception {
    createNamespace("watched");
    Process watch = kubectl.start(Map.of(), "get", "cm", "-n", "watched", "-w", "-o", "name");
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);
    Thread reader = new Thread(() -> {
      try (var r = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          lines.add(l);
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    });
    reader.start();
    try {
      Thread.sleep(1000);
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        create("watched", configMap("w" + i, "", "\"i\":\"" + i + "\""));
        String line = lines.poll(10, TimeUnit.SECONDS);
        seen.add(line);
      }
      assertEquals(List.of("configmap/w0", "configmap/w1", "configmap/w2"), seen);
    } finally {
      watch.destroy();
    }
  }

  @Test
  void createInAMissingNamespaceIsRefused() throws Exception {
    var r = kubectl.run(configMap("x", "", "\"a\":\"1\""), Map.of(), "create", "-n", "no-such-ns", "-f", "-",
        "--validate=false");
    assertEquals(1, r.exit());
    assertEquals("Error from server (NotFound): error when creating \"STDIN\": namespaces \"no-such-ns\" not found\n", r.err());
  }

  @Test
  void applyCreatesAMultiDocumentFileAndReapplyMergesThreeWays() throws Exception {
    Path v1 = Path.of("src/test/resources/e2e/app.yaml").toAbsolutePath();
    String first = kubectl.run("apply", "-f", v1.toString()).ok();
    assertEquals("namespace/shop created\nconfigmap/settings created\nsecret/creds created\n"
        + "deployment.apps/web created\nservice/web created\n", first);
    // a field another client set survives the re-apply (three-way merge), the changed ones change
    kubectl.run("label", "cm", "settings", "-n", "shop", "owner=ops").ok();
    Path v2 = work.resolve("app-v2.yaml");
    Files.writeString(v2, Files.readString(v1).replace("size: large", "size: small").replace("replicas: 2", "replicas: 3")
        .replace("value: blue", "value: red"));
    var diff = kubectl.run("diff", "-f", v2.toString());
    assertEquals(1, diff.exit(), diff.err());
    assertTrue(diff.out().contains("-  replicas: 2\n+  replicas: 3\n"), diff.out());
    assertTrue(diff.out().contains("-  size: large\n+  size: small\n"), diff.out());
    String second = kubectl.run("apply", "-f", v2.toString()).ok();
    assertTrue(second.contains("configmap/settings configured\n") && second.contains("deployment.apps/web configured\n")
        && second.contains("service/web unchanged\n") && second.contains("namespace/shop unchanged\n"), second);
    assertTrue(kubectl.run("apply", "-f", v2.toString()).ok().contains("deployment.apps/web unchanged\n"));
    JsonNode cm = Json.parse(kubectl.run("get", "cm", "settings", "-n", "shop", "-o", "json").ok());
    assertEquals("small", cm.path("data").path("size").asText());
    assertEquals("ops", cm.path("metadata").path("labels").path("owner").asText());
    JsonNode web = Json.parse(kubectl.run("get", "deploy", "web", "-n", "shop", "-o", "json").ok());
    assertEquals(3, web.path("spec").path("replicas").asInt());
    assertEquals("red", web.path("spec").path("template").path("spec").path("containers").get(0).path("env").get(0)
        .path("value").asText());
    assertEquals(2, web.path("metadata").path("generation").asInt());
    // server-side defaults, as kube-apiserver sets them
    assertEquals("RollingUpdate", web.path("spec").path("strategy").path("type").asText());
    assertEquals("IfNotPresent", web.path("spec").path("template").path("spec").path("containers").get(0)
        .path("imagePullPolicy").asText());
    JsonNode svc = Json.parse(kubectl.run("get", "svc", "web", "-n", "shop", "-o", "json").ok());
    assertTrue(svc.path("spec").path("clusterIP").asText().startsWith("10."), svc.toString());
    assertEquals(8080, svc.path("spec").path("ports").get(0).path("targetPort").asInt());
  }

  @Test
  void typedCreateCommandsSendProtobufAndTheObjectsReadBack() throws Exception {
    createNamespace("typed");
    assertEquals("configmap/lit created\n", kubectl.run("create", "configmap", "lit", "-n", "typed",
        "--from-literal=a=1", "--from-literal=b=2").ok());
    assertEquals("secret/sec created\n", kubectl.run("create", "secret", "generic", "sec", "-n", "typed",
        "--from-literal=password=s3cret").ok());
    assertEquals("deployment.apps/d created\n", kubectl.run("create", "deployment", "d", "-n", "typed",
        "--image=busybox", "--replicas=2").ok());
    assertEquals("{\"a\":\"1\",\"b\":\"2\"}", kubectl.run("get", "cm", "lit", "-n", "typed", "-o", "jsonpath={.data}").ok());
    assertEquals(java.util.Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)),
        kubectl.run("get", "secret", "sec", "-n", "typed", "-o", "jsonpath={.data.password}").ok());
    assertEquals("2 busybox", kubectl.run("get", "deploy", "d", "-n", "typed", "-o",
        "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}").ok());
  }

  @Test
  void getPrintsTheServersTableColumnsAndDescribeReadsObjects() throws Exception {
    createNamespace("tables");
    kubectl.run("create", "deployment", "web", "-n", "tables", "--image=busybox:1.36", "--replicas=3").ok();
    kubectl.run("create", "configmap", "cfg", "-n", "tables", "--from-literal=a=1", "--from-literal=b=2").ok();
    kubectl.run("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"web\"},\"spec\":{"
        + "\"type\":\"NodePort\",\"selector\":{\"app\":\"web\"},\"ports\":[{\"port\":80,\"targetPort\":8080,"
        + "\"nodePort\":30080}]}}", Map.of(), "create", "-n", "tables", "-f", "-").ok();
    String deploys = kubectl.run("get", "deploy", "-n", "tables", "-o", "wide").ok();
    assertTrue(deploys.lines().findFirst().orElseThrow().matches(
        "NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE\\s+CONTAINERS\\s+IMAGES\\s+SELECTOR"), deploys);
    assertTrue(deploys.lines().skip(1).findFirst().orElseThrow().matches(
        // UP-TO-DATE is 0 or 3 by the time kubectl asks, depending on whether the controllers got there first
        "web\\s+0/3\\s+[03]\\s+0\\s+\\d+s\\s+busybox\\s+busybox:1.36\\s+app=web"), deploys);
    String cms = kubectl.run("get", "cm", "cfg", "-n", "tables").ok();
    assertTrue(cms.matches("(?s)NAME\\s+DATA\\s+AGE\\ncfg\\s+2\\s+\\d+s\\n"), cms);
    String all = kubectl.run("get", "all", "-n", "tables").ok();
    assertTrue(all.contains("service/web") && all.contains("80:30080/TCP") && all.contains("deployment.apps/web"), all);
    String describe = kubectl.run("describe", "deploy", "web", "-n", "tables").ok();
    assertTrue(describe.contains("Replicas:               3 desired")
        && describe.lines().anyMatch(l -> l.matches("\\s+Image:\\s+busybox:1.36")), describe);
    assertTrue(kubectl.run("describe", "svc", "web", "-n", "tables").ok().contains("NodePort:                 <unset>  30080/TCP"));
  }

  @Test
  void strategicPatchAndEditWithAScriptedEditor() throws Exception {
    createNamespace("smp");
    kubectl.run("create", "deployment", "web", "-n", "smp", "--image=busybox:1.36").ok();
    kubectl.run("set", "env", "deploy/web", "-n", "smp", "A=1", "B=2").ok();
    kubectl.run("patch", "deploy", "web", "-n", "smp", "--type=strategic", "-p",
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"busybox\",\"image\":\"busybox:1.37\","
        + "\"env\":[{\"name\":\"A\",\"$patch\":\"delete\"}]}]}}}}").ok();
    JsonNode c = Json.parse(kubectl.run("get", "deploy", "web", "-n", "smp", "-o", "json").ok())
        .path("spec").path("template").path("spec").path("containers").get(0);
    assertEquals("busybox:1.37", c.path("image").asText());
    assertEquals("[{\"name\":\"B\",\"value\":\"2\"}]", c.path("env").toString());

    Path editor = work.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/busybox:1.37/busybox:1.38/' \"$1\"\n");
    editor.toFile().setExecutable(true);
    assertEquals("deployment.apps/web edited\n", kubectl.run(null, Map.of("EDITOR", editor.toString()),
        "edit", "deploy", "web", "-n", "smp").ok());
    assertEquals("busybox:1.38", kubectl.run("get", "deploy", "web", "-n", "smp", "-o",
        "jsonpath={.spec.template.spec.containers[0].image}").ok());
  }

  @Test
  void explainReadsTheServedOpenApi() throws Exception {
    String out = kubectl.run("explain", "deployment.spec.strategy").ok();
    assertTrue(out.startsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n"), out);
    assertTrue(out.contains("FIELD: strategy <DeploymentStrategy>"), out);
    assertTrue(out.contains("rollingUpdate\t<RollingUpdateDeployment>"), out);
    String ports = kubectl.run("explain", "svc.spec.ports", "--recursive").ok();
    assertTrue(ports.contains("port\t<integer> -required-"), ports);
  }

  @Test
  void badInputGetsKubeApiserversErrorsAndChangesNothing() throws Exception {
    createNamespace("bad");
    var badName = kubectl.run("create", "cm", "Bad_Name", "-n", "bad", "--from-literal=a=1");
    assertEquals(1, badName.exit());
    assertEquals("error: failed to create configmap: ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: "
        + "\"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
        + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n", badName.err());

    var invalid = kubectl.run("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"x\"},"
        + "\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"c\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"c\"}]}}}}", Map.of(), "create", "-n", "bad", "-f", "-");
    assertEquals(1, invalid.exit());
    assertEquals("The Deployment \"x\" is invalid: \n"
        + "* spec.template.metadata.labels: Invalid value: map[string]string{\"a\":\"c\"}: `selector` does not match "
        + "template `labels`\n* spec.template.spec.containers[0].image: Required value\n", invalid.err());

    kubectl.run("create", "deployment", "web", "-n", "bad", "--image=busybox").ok();
    JsonNode web = Json.parse(kubectl.run("get", "deploy", "web", "-n", "bad", "-o", "json").ok());
    // without a resourceVersion: the deployment controller writes the object's status meanwhile, and a stale
    // resourceVersion would get the Conflict before validation, as in kube-apiserver
    ObjectNode unconditional = web.deepCopy();
    ((ObjectNode) unconditional.get("metadata")).remove("resourceVersion");
    String moved = unconditional.toString().replace("\"app\":\"web\"", "\"app\":\"other\"");
    var immutable = kubectl.run(moved, Map.of(), "replace", "-f", "-");
    assertEquals(1, immutable.exit());
    assertTrue(immutable.err().startsWith("The Deployment \"web\" is invalid: spec.selector: Invalid value: "
        + "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"other\"}, "
        + "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"), immutable.err());

    kubectl.run("label", "deploy", "web", "-n", "bad", "moved=on").ok();
    var stale = kubectl.run(web.toString(), Map.of(), "replace", "-f", "-");
    assertEquals(1, stale.exit());
    assertEquals("Error from server (Conflict): error when replacing \"STDIN\": Operation cannot be fulfilled on "
        + "deployments.apps \"web\": the object has been modified; please apply your changes to the latest version "
        + "and try again\n", stale.err());
    JsonNode after = Json.parse(kubectl.run("get", "deploy", "web", "-n", "bad", "-o", "json").ok());
    assertEquals("web", after.path("spec").path("selector").path("matchLabels").path("app").asText());
    assertEquals("on", after.path("metadata").path("labels").path("moved").asText());
  }

  @Test
  void serverSideApplyOwnsFieldsAndReportsConflicts() throws Exception {
    createNamespace("ssa");
    String manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ssa\nspec:\n"
        + "  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n"
        + "        app: web\n    spec:\n      containers:\n      - name: c\n        image: busybox:1.36\n";
    assertEquals("deployment.apps/web serverside-applied\n", kubectl.run(manifest, Map.of(), "apply", "--server-side", "-f", "-").ok());
    String changed = manifest.replace("busybox:1.36", "busybox:1.37");
    assertEquals("deployment.apps/web serverside-applied\n", kubectl.run(changed, Map.of(), "apply", "--server-side", "-f", "-").ok());
    kubectl.run("scale", "deploy", "web", "-n", "ssa", "--replicas=5").ok();
    var conflict = kubectl.run(changed, Map.of(), "apply", "--server-side", "-f", "-");
    assertEquals(1, conflict.exit());
    assertTrue(conflict.err().startsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource "
        + "\"scale\" using apps/v1: .spec.replicas"), conflict.err());
    assertEquals("5", kubectl.run("get", "deploy", "web", "-n", "ssa", "-o", "jsonpath={.spec.replicas}").ok());
    kubectl.run(changed, Map.of(), "apply", "--server-side", "--force-conflicts", "-f", "-").ok();
    assertEquals("2 busybox:1.37", kubectl.run("get", "deploy", "web", "-n", "ssa", "-o",
        "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}").ok());
    JsonNode managed = Json.parse(kubectl.run("get", "deploy", "web", "-n", "ssa", "-o", "json", "--show-managed-fields").ok())
        .path("metadata").path("managedFields");
    assertTrue(managed.toString().contains("\"manager\":\"kubectl\",\"operation\":\"Apply\""), managed.toString());
    assertTrue(managed.toString().contains("\"k:{\\\"name\\\":\\\"c\\\"}\""), managed.toString());
  }

  @Test
  void unknownFieldsAreRefusedUnderStrictValidationAndDroppedOtherwise() throws Exception {
    createNamespace("strict");
    String typo = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\n  namespace: strict\ndat:\n  a: \"1\"\n";
    var refused = kubectl.run(typo, Map.of(), "apply", "-f", "-");
    assertEquals(1, refused.exit());
    assertEquals("Error from server (BadRequest): error when creating \"STDIN\": ConfigMap in version \"v1\" cannot be "
        + "handled as a ConfigMap: strict decoding error: unknown field \"dat\"\n", refused.err());
    assertEquals(1, kubectl.run("get", "cm", "typo", "-n", "strict").exit());
    var warned = kubectl.run(typo, Map.of(), "create", "--validate=warn", "-f", "-");
    assertEquals(0, warned.exit(), warned.err());
    assertTrue(warned.err().contains("Warning: unknown field \"dat\""), warned.err());
    JsonNode stored = Json.parse(kubectl.run("get", "cm", "typo", "-n", "strict", "-o", "json").ok());
    assertTrue(!stored.has("dat") && !stored.has("data"), stored.toString());
  }

  @Test
  void customResourceDefinitionsAreServedWithTheirPrinterColumnsAndGoWithTheirObjects() throws Exception {
    Path crd = Path.of("src/test/resources/e2e/crontab-crd.yaml").toAbsolutePath();
    Path cr = Path.of("src/test/resources/e2e/crontab.yaml").toAbsolutePath();
    assertEquals("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n",
        kubectl.run("apply", "-f", crd.toString()).ok());
    kubectl.run("wait", "--for", "condition=established", "crd/crontabs.stable.example.com", "--timeout=30s").ok();
    assertEquals("crontab.stable.example.com/my-new-cron-object created\n", kubectl.run("apply", "-n", "default", "-f", cr.toString()).ok());
    String table = kubectl.run("get", "crontabs", "-n", "default").ok();
    assertTrue(table.matches("(?s)NAME\\s+SPEC\\s+REPLICAS\\s+AGE\\nmy-new-cron-object\\s+\\* \\* \\* \\* \\*/5\\s+1\\s+\\d+s\\n"), table);
    kubectl.run("scale", "ct", "my-new-cron-object", "-n", "default", "--replicas=3").ok();
    assertEquals("3", kubectl.run("get", "ct", "my-new-cron-object", "-n", "default", "-o", "jsonpath={.spec.replicas}").ok());
    var invalid = kubectl.run("patch", "ct", "my-new-cron-object", "-n", "default", "--type=merge", "-p", "{\"spec\":{\"replicas\":0}}");
    assertEquals(1, invalid.exit());
    assertTrue(invalid.err().contains("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"),
        invalid.err());
    assertTrue(kubectl.run("explain", "crontab.spec").ok().contains("cronSpec\t<string>"));
    assertTrue(kubectl.run("get", "all", "-n", "default").ok().contains("crontab.stable.example.com/my-new-cron-object"));
    kubectl.run("delete", "crd", "crontabs.stable.example.com").ok();
    var gone = kubectl.run("get", "crontabs", "-n", "default");
    assertEquals(1, gone.exit());
  }

  @Test
  void authCanIAndWhoamiAnswerAsAnAlwaysAllowClusterDoes() throws Exception {
    assertEquals("yes\n", kubectl.run("auth", "can-i", "create", "pods").ok());
    assertEquals("yes\n", kubectl.run("auth", "can-i", "delete", "deployments", "-n", "any").ok());
    String whoami = kubectl.run("auth", "whoami").ok();
    assertTrue(whoami.contains("system:anonymous") && whoami.contains("[system:unauthenticated]"), whoami);
    var list = kubectl.run("get", "selfsubjectaccessreviews");
    assertEquals(1, list.exit());
    assertEquals("Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n",
        list.err());
  }

  /** Polls a kubectl output until it satisfies the condition (60 s at most). */
  private static String awaitOutput(java.util.concurrent.Callable<String> output, java.util.function.Predicate<String> done)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = output.call();
    while (!done.test(last)) {
      assertTrue(System.nanoTime() < deadline, "still \"" + last + "\" after 60 s");
      Thread.sleep(200);
      last = output.call();
    }
    return last;
  }
}
