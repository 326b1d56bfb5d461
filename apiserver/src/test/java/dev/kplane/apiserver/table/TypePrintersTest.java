package dev.kplane.apiserver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.BuiltinResources;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cells printers.go computes for each built-in type (always the wide set, as kube-apiserver prints). */
class TypePrintersTest {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final String M = "'metadata':{'name':'x','creationTimestamp':'2024-05-01T11:58:00Z'";

  static Stream<Arguments> objects() {
    return Stream.of(
        Arguments.of("", "services", "{" + M + "},'spec':{'type':'NodePort','clusterIPs':['10.0.0.1'],"
            + "'clusterIP':'10.0.0.9','selector':{'b':'2','a':'1'},"
            + "'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'},{'port':53,'protocol':'UDP'}]}}",
            "['x','NodePort','10.0.0.1','<none>','80:30080/TCP,53/UDP','2m','a=1,b=2']"),
        Arguments.of("", "services", "{" + M + "},'spec':{'type':'LoadBalancer','clusterIP':'None',"
            + "'externalIPs':['5.5.5.5']},'status':{'loadBalancer':{'ingress':[{'ip':'9.9.9.9'},{'hostname':'lb.example.com'}]}}}",
            "['x','LoadBalancer','None','9.9.9.9,lb.example.com,5.5.5.5','<none>','2m','<none>']"),
        Arguments.of("", "services", "{" + M + "},'spec':{'type':'LoadBalancer'}}",
            "['x','LoadBalancer','<none>','<pending>','<none>','2m','<none>']"),
        Arguments.of("", "services", "{" + M + "},'spec':{'type':'ExternalName','externalName':'db.example.com'}}",
            "['x','ExternalName','<none>','db.example.com','<none>','2m','<none>']"),
        Arguments.of("", "nodes", "{" + M + ",'labels':{'node-role.kubernetes.io/control-plane':'','kubernetes.io/role':'a',"
            + "'node-role.kubernetes.io/':'x'}},'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready',"
            + "'status':'Unknown'}],'addresses':[{'type':'ExternalIP','address':'1.2.3.4'}],'nodeInfo':{'kubeletVersion':'v1.32.0'}}}",
            "['x','NotReady,SchedulingDisabled','a,control-plane','2m','v1.32.0','<none>','1.2.3.4','<unknown>',"
                + "'<unknown>','<unknown>']"),
        Arguments.of("", "nodes", "{" + M + "}}",
            "['x','Unknown','<none>','2m','','<none>','<none>','<unknown>','<unknown>','<unknown>']"),
        Arguments.of("", "namespaces", "{" + M + "},'status':{'phase':'Terminating'}}", "['x','Terminating','2m']"),
        Arguments.of("", "configmaps", "{" + M + "},'data':{'a':'','b':''},'binaryData':{'c':''}}", "['x',3,'2m']"),
        Arguments.of("", "secrets", "{" + M + "},'type':'kubernetes.io/tls','data':{'tls.crt':'','tls.key':''}}",
            "['x','kubernetes.io/tls',2,'2m']"),
        Arguments.of("", "serviceaccounts", "{" + M + "},'secrets':[{'name':'t'}]}", "['x',1,'2m']"),
        Arguments.of("", "endpoints", "{" + M + "},'subsets':[{'addresses':[{'ip':'1.1.1.1'},{'ip':'2.2.2.2'}],"
            + "'ports':[{'port':80},{'port':443}]}]}", "['x','1.1.1.1:80,2.2.2.2:80,1.1.1.1:443 + 1 more...','2m']"),
        Arguments.of("", "endpoints", "{" + M + "},'subsets':[{'addresses':[{'ip':'fd00::1'}],'ports':[{'port':80}]}]}",
            "['x','[fd00::1]:80','2m']"),
        Arguments.of("", "endpoints", "{" + M + "}}", "['x','<none>','2m']"),
        Arguments.of("discovery.k8s.io", "endpointslices", "{" + M + "},'addressType':'IPv4','ports':[{'port':80},"
            + "{'name':'http'},{},{'port':1}],'endpoints':[{'addresses':['10.0.0.1']}]}",
            "['x','IPv4','80,http,* + 1 more...','10.0.0.1','2m']"),
        Arguments.of("discovery.k8s.io", "endpointslices", "{" + M + "},'addressType':'IPv6'}",
            "['x','IPv6','<unset>','<unset>','2m']"),
        Arguments.of("", "events", "{" + M + "},'involvedObject':{'kind':'Pod','name':'web','fieldPath':'spec.containers{a}'},"
            + "'reason':'Pulled','message':' pulled \\n','type':'Normal','source':{'component':'kubelet','host':'n1'},"
            + "'firstTimestamp':'2024-05-01T11:00:00Z','lastTimestamp':'2024-05-01T11:59:00Z','count':4}",
            "['60s','Normal','Pulled','pod/web','spec.containers{a}','kubelet, n1','pulled','60m',4,'x']"),
        Arguments.of("events.k8s.io", "events", "{" + M + "},'regarding':{'kind':'Node','name':'n1'},'reason':'R',"
            + "'note':'n','type':'Warning','reportingController':'ctl','eventTime':'2024-05-01T11:59:30.000000Z'}",
            "['30s','Warning','R','node/n1','','ctl','n','30s',1,'x']"),
        Arguments.of("apps", "deployments", "{" + M + "},'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'},"
            + "'matchExpressions':[{'key':'tier','operator':'In','values':['b','a']},{'key':'old','operator':'DoesNotExist'}]},"
            + "'template':{'spec':{'containers':[{'name':'a','image':'i1'},{'name':'b','image':'i2'}]}}},"
            + "'status':{'readyReplicas':1,'updatedReplicas':2,'availableReplicas':1}}",
            "['x','1/3',2,1,'2m','a,b','i1,i2','app=web,!old,tier in (a,b)']"),
        Arguments.of("apps", "deployments", "{" + M + "},'spec':{'selector':{'matchExpressions':[{'key':'a','operator':'Bad'}]}}}",
            "['x','0/0',0,0,'2m','','','<invalid>']"),
        Arguments.of("apps", "replicasets", "{" + M + "},'spec':{'replicas':2,'template':{'spec':{'containers':[]}}},"
            + "'status':{'replicas':2,'readyReplicas':1}}", "['x',2,2,1,'2m','','','<none>']"),
        Arguments.of("apps", "statefulsets", "{" + M + "},'spec':{'replicas':3},'status':{'readyReplicas':3}}",
            "['x','3/3','2m','','']"),
        Arguments.of("apps", "daemonsets", "{" + M + "},'spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'spec':"
            + "{'nodeSelector':{'os':'linux'},'containers':[{'name':'c','image':'i'}]}}},'status':{'desiredNumberScheduled':3,"
            + "'currentNumberScheduled':2,'numberReady':1,'updatedNumberScheduled':2,'numberAvailable':1}}",
            "['x',3,2,1,2,1,'os=linux','2m','c','i','a=b']"),
        Arguments.of("", "replicationcontrollers", "{" + M + "},'spec':{'replicas':1,'selector':{'a':'b'}}}",
            "['x',1,0,0,'2m','','','a=b']"),
        Arguments.of("batch", "jobs", "{" + M + "},'spec':{'parallelism':2,'template':{'spec':{'containers':[]}}},"
            + "'status':{'succeeded':1,'startTime':'2024-05-01T11:58:30Z'}}",
            "['x','Running','1/1 of 2','90s','2m','','','<none>']"),
        Arguments.of("batch", "jobs", "{" + M + ",'deletionTimestamp':'2024-05-01T11:59:00Z'},'spec':{'completions':3},"
            + "'status':{'conditions':[{'type':'Failed','status':'False'},{'type':'Suspended','status':'True'}]}}",
            "['x','Terminating','0/3','','2m','','','<none>']"),
        Arguments.of("batch", "jobs", "{" + M + "},'status':{'conditions':[{'type':'FailureTarget','status':'True'}]}}",
            "['x','FailureTarget','0/1','','2m','','','<none>']"),
        Arguments.of("batch", "cronjobs", "{" + M + "},'spec':{'schedule':'*/5 * * * *','suspend':false,"
            + "'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'i'}]}}}}},"
            + "'status':{'active':[{'name':'j'}],'lastScheduleTime':'2024-05-01T11:55:00Z'}}",
            "['x','*/5 * * * *','<none>','False',1,'5m','2m','c','i','<none>']"),
        Arguments.of("batch", "cronjobs", "{" + M + "},'spec':{'schedule':'@hourly','timeZone':'Etc/UTC'}}",
            "['x','@hourly','Etc/UTC','<unset>',0,'<none>','2m','','','<none>']"),
        Arguments.of("", "podtemplates", "{" + M + "},'template':{'metadata':{'labels':{'a':'b'}},'spec':{'containers':"
            + "[{'name':'c','image':'i'}]}}}", "['x','c','i','a=b']"),
        Arguments.of("apps", "controllerrevisions", "{" + M + ",'ownerReferences':[{'apiVersion':'apps/v1','kind':'DaemonSet',"
            + "'name':'ds','controller':true}]},'revision':4}", "['x','daemonset.apps/ds',4,'2m']"),
        Arguments.of("policy", "poddisruptionbudgets", "{" + M + "},'spec':{'minAvailable':'50%'},"
            + "'status':{'disruptionsAllowed':1}}", "['x','50%','N/A',1,'2m']"),
        Arguments.of("coordination.k8s.io", "leases", "{" + M + "},'spec':{'holderIdentity':'me'}}", "['x','me','2m']"),
        Arguments.of("networking.k8s.io", "ingresses", "{" + M + "},'spec':{'ingressClassName':'nginx','tls':[{}],"
            + "'rules':[{'host':'a'},{},{'host':'b'},{'host':'c'},{'host':'d'}]},'status':{'loadBalancer':{'ingress':"
            + "[{'ip':'10.0.0.100'},{'ip':'10.0.0.101'}]}}}",
            "['x','nginx','a,b,c + 2 more...','10.0.0.100,10.0.0.101','80, 443','2m']"),
        Arguments.of("networking.k8s.io", "ingresses", "{" + M + "}}", "['x','<none>','*','','80','2m']"),
        Arguments.of("networking.k8s.io", "ingressclasses", "{" + M + "},'spec':{'controller':'c','parameters':"
            + "{'apiGroup':'k8s.example.com','kind':'IngressParameters','name':'p'}}}",
            "['x','c','IngressParameters.k8s.example.com/p','2m']"),
        Arguments.of("networking.k8s.io", "networkpolicies", "{" + M + "},'spec':{}}", "['x','<none>','2m']"),
        Arguments.of("rbac.authorization.k8s.io", "rolebindings", "{" + M + "},'roleRef':{'kind':'Role','name':'r'},"
            + "'subjects':[{'kind':'User','name':'u1'},{'kind':'User','name':'u2'},{'kind':'Group','name':'g'},"
            + "{'kind':'ServiceAccount','namespace':'ns','name':'sa'}]}",
            "['x','Role/r','2m','u1, u2','g','ns/sa']"),
        Arguments.of("scheduling.k8s.io", "priorityclasses", "{" + M + "},'value':1000,'globalDefault':true,"
            + "'preemptionPolicy':'Never'}", "['x',1000,true,'2m','Never']"),
        Arguments.of("", "resourcequotas", "{" + M + "},'status':{'hard':{'pods':'10','requests.cpu':'1',"
            + "'limits.memory':'2Gi','requests.memory':'1024Mi'},'used':{'pods':'2','limits.memory':'512Mi'}}}",
            "['x','pods: 2/10, requests.cpu: 0/1, requests.memory: 0/1Gi','limits.memory: 512Mi/2Gi','2m']"),
        Arguments.of("", "persistentvolumes", "{" + M + "},'spec':{'capacity':{'storage':'1.5Gi'},'accessModes':"
            + "['ReadWriteMany','ReadWriteOnce','ReadWriteOnce'],'persistentVolumeReclaimPolicy':'Retain','claimRef':"
            + "{'namespace':'ns','name':'c'},'storageClassName':'fast','volumeMode':'Filesystem'},'status':{'phase':'Bound'}}",
            "['x','1536Mi','RWO,RWX','Retain','Bound','ns/c','fast','<unset>','','2m','Filesystem']"),
        Arguments.of("", "persistentvolumeclaims", "{" + M + ",'annotations':{'volume.beta.kubernetes.io/storage-class':"
            + "'beta'}},'spec':{'volumeName':'pv1','storageClassName':'fast'},'status':{'phase':'Bound','capacity':"
            + "{'storage':'10Gi'},'accessModes':['ReadWriteOncePod']}}",
            "['x','Bound','pv1','10Gi','RWOP','beta','<unset>','2m','<unset>']"),
        Arguments.of("", "persistentvolumeclaims", "{" + M + "},'spec':{}}",
            "['x','','','','','','<unset>','2m','<unset>']"),
        Arguments.of("storage.k8s.io", "storageclasses", "{" + M + ",'annotations':{'storageclass.kubernetes.io/"
            + "is-default-class':'true'}},'provisioner':'p'}", "['x (default)','p','Delete','Immediate',false,'2m']"),
        Arguments.of("rbac.authorization.k8s.io", "clusterroles", "{" + M + "}}", "['x','2024-05-01T11:58:00Z']"),
        Arguments.of("", "limitranges", "{'metadata':{'name':'x','creationTimestamp':'2024-05-01T13:58:00+02:00'}}",
            "['x','2024-05-01T11:58:00Z']"),
        Arguments.of("apiextensions.k8s.io", "customresourcedefinitions", "{'metadata':{'name':'x'}}",
            "['x','0001-01-01T00:00:00Z']"));
  }

  @ParameterizedTest(name = "{1}.{0}: {3}")
  @MethodSource("objects")
  void shouldPrintCellsLikePrintersGo(String group, String resource, String object, String cells) {
    JsonNode row = TablePrinter.forType(BuiltinResources.find(group, resource).orElseThrow())
        .table(List.of((ObjectNode) PodPrinterTest.json(object)), IncludeObject.NONE, NOW).get("rows").get(0);
    assertEquals(PodPrinterTest.json(cells).toString(), row.get("cells").toString());
  }
}
