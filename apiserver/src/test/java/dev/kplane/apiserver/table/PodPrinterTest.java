package dev.kplane.apiserver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kplane.schemas.Json;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * printPod's cells for pods in the states printers_test.go covers (TestPrintPod, TestPrintPodWithRestartableInit
 * Container, TestPrintNonTerminatedPod): the object as JSON, the cells kube-apiserver 1.32 computes.
 */
class PodPrinterTest {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final String CREATED = "\"creationTimestamp\":\"2024-05-01T11:00:00Z\"";

  static Stream<Arguments> pods() {
    return Stream.of(
        Arguments.of("running with two restarts, the last 20s ago",
            "{'metadata':{'name':'test1'," + CREATED + "},'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
                + "'status':{'phase':'podPhase','containerStatuses':["
                + "{'ready':true,'restartCount':3,'state':{'running':{}},"
                + "'lastState':{'terminated':{'finishedAt':'2024-05-01T11:59:40Z'}}},"
                + "{'ready':true,'restartCount':3,'state':{'running':{}}}]}}",
            "['test1','2/2','podPhase','6 (20s ago)','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a waiting reason wins over the phase",
            "{'metadata':{'name':'test2'," + CREATED + "},'spec':{'containers':[{'name':'a'},{'name':'b'}],"
                + "'nodeName':'test1','readinessGates':[{'conditionType':'condition1'}]},"
                + "'status':{'phase':'podPhase','podIP':'1.1.1.1','conditions':[{'type':'condition1','status':'True'}],"
                + "'containerStatuses':[{'state':{'waiting':{'reason':'ContainerWaitingReason'}},'restartCount':3},"
                + "{'ready':true,'restartCount':3,'state':{'running':{}}}]}}",
            "['test2','1/2','ContainerWaitingReason','6','60m','1.1.1.1','test1','<none>','1/1']"),
        Arguments.of("a terminated reason",
            "{'metadata':{'name':'test3'," + CREATED + "},'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
                + "'status':{'phase':'podPhase','containerStatuses':["
                + "{'state':{'terminated':{'reason':'ContainerTerminatedReason'}},'restartCount':3},"
                + "{'ready':true,'restartCount':3,'state':{'running':{}}}]}}",
            "['test3','1/2','ContainerTerminatedReason','6','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a signal without a reason",
            "{'metadata':{'name':'test4'," + CREATED + "},'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
                + "'status':{'phase':'podPhase','containerStatuses':["
                + "{'state':{'terminated':{'signal':1}},'restartCount':3},"
                + "{'ready':true,'restartCount':3,'state':{'running':{}}}]}}",
            "['test4','1/2','Signal:1','6','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("an exit code without a reason",
            "{'metadata':{'name':'test5'," + CREATED + "},'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
                + "'status':{'phase':'podPhase','containerStatuses':["
                + "{'state':{'terminated':{'exitCode':1}},'restartCount':3},"
                + "{'ready':true,'restartCount':3,'state':{'running':{}}}]}}",
            "['test5','1/2','ExitCode:1','6','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a waiting init container: Init:0/1 and only init restarts count",
            "{'metadata':{'name':'init'," + CREATED + "},'spec':{'initContainers':[{'name':'i'}],"
                + "'containers':[{'name':'a'}]},'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'i','restartCount':2,'state':{'running':{}}}],"
                + "'containerStatuses':[{'name':'a','restartCount':7,'state':{'waiting':{'reason':'PodInitializing'}}}]}}",
            "['init','0/1','Init:0/1','2','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("an init container crashing",
            "{'metadata':{'name':'init2'," + CREATED + "},'spec':{'initContainers':[{'name':'i'}],"
                + "'containers':[{'name':'a'}]},'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'i','restartCount':4,'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
                + "'lastState':{'terminated':{'finishedAt':'2024-05-01T11:55:00Z','exitCode':1}}}]}}",
            "['init2','0/1','Init:CrashLoopBackOff','4 (5m ago)','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("an init container that failed with an exit code",
            "{'metadata':{'name':'init3'," + CREATED + "},'spec':{'initContainers':[{'name':'i'},{'name':'j'}],"
                + "'containers':[{'name':'a'}]},'status':{'phase':'Pending','initContainerStatuses':["
                + "{'name':'i','state':{'terminated':{'exitCode':0}}},{'name':'j','state':{'terminated':{'exitCode':2}}}]}}",
            "['init3','0/1','Init:ExitCode:2','0','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a started sidecar counts as a container and as ready",
            "{'metadata':{'name':'sidecar'," + CREATED + "},'spec':{'initContainers':[{'name':'s','restartPolicy':'Always'}],"
                + "'containers':[{'name':'a'}]},'status':{'phase':'Running','conditions':[{'type':'Initialized','status':'True'}],"
                + "'initContainerStatuses':[{'name':'s','started':true,'ready':true,'restartCount':2,'state':{'running':{}},"
                + "'lastState':{'terminated':{'finishedAt':'2024-05-01T11:59:40Z'}}}],"
                + "'containerStatuses':[{'name':'a','ready':true,'restartCount':4,'state':{'running':{}}}]}}",
            "['sidecar','2/2','Running','6 (20s ago)','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a completed container beside a running one is Running when the pod is ready",
            "{'metadata':{'name':'mixed'," + CREATED + "},'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
                + "'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True'}],'containerStatuses':["
                + "{'ready':true,'state':{'running':{}}},{'state':{'terminated':{'reason':'Completed','exitCode':0}}}]}}",
            "['mixed','1/2','Running','0','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("... and NotReady when it is not",
            "{'metadata':{'name':'mixed2'," + CREATED + "},'spec':{'containers':[{'name':'a'},{'name':'b'}]},"
                + "'status':{'phase':'Running','containerStatuses':["
                + "{'ready':true,'state':{'running':{}}},{'state':{'terminated':{'reason':'Completed','exitCode':0}}}]}}",
            "['mixed2','1/2','NotReady','0','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a pod being deleted is Terminating",
            "{'metadata':{'name':'bye'," + CREATED + ",'deletionTimestamp':'2024-05-01T11:59:00Z'},"
                + "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','containerStatuses':[{'ready':true,"
                + "'state':{'running':{}}}]}}",
            "['bye','1/1','Terminating','0','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a deleted pod on a lost node is Unknown",
            "{'metadata':{'name':'lost'," + CREATED + ",'deletionTimestamp':'2024-05-01T11:59:00Z'},"
                + "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','reason':'NodeLost'}}",
            "['lost','0/1','Unknown','0','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a succeeded pod is Completed even while deleted",
            "{'metadata':{'name':'done'," + CREATED + ",'deletionTimestamp':'2024-05-01T11:59:00Z'},"
                + "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Succeeded','containerStatuses':["
                + "{'state':{'terminated':{'reason':'Completed','exitCode':0}}}]}}",
            "['done','0/1','Completed','0','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("a scheduling gate",
            "{'metadata':{'name':'gated'," + CREATED + "},'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending',"
                + "'conditions':[{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}}",
            "['gated','0/1','SchedulingGated','0','60m','<none>','<none>','<none>','<none>']"),
        Arguments.of("podIPs win over podIP, the nominated node is shown",
            "{'metadata':{'name':'ips'},'spec':{'containers':[]},'status':{'podIP':'1.1.1.1',"
                + "'podIPs':[{'ip':'2001:db8::1'},{'ip':'1.1.1.1'}],'nominatedNodeName':'node2'}}",
            "['ips','0/0','','0','<unknown>','2001:db8::1','<none>','node2','<none>']"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void shouldPrintPodsLikePrintPod(String name, String pod, String cells) {
    JsonNode row = TablePrinter.forType(dev.kplane.schemas.BuiltinResources.find("", "pods").orElseThrow())
        .table(java.util.List.of((com.fasterxml.jackson.databind.node.ObjectNode) json(pod)), IncludeObject.NONE, NOW)
        .get("rows").get(0);
    assertEquals(json(cells).toString(), row.get("cells").toString());
  }

  static JsonNode json(String singleQuoted) {
    return Json.parse(singleQuoted.replace('\'', '"'));
  }
}
