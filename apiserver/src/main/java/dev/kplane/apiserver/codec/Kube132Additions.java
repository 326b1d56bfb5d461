package dev.kplane.apiserver.codec;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import java.util.List;
import java.util.Map;

/**
 * What Kubernetes 1.31 and 1.32 added to the messages of the groups kplane serves. client-java-proto 23.0.0 ships
 * descriptors generated from 1.30's generated.proto files: without these, a field such as PodSpec.resources would
 * be dropped silently, and Lease, EndpointSlice and events.k8s.io Event could not be read at all. Names, numbers and
 * types are those of k8s.io/api v0.32 and k8s.io/apimachinery v0.32 generated.proto.
 */
final class Kube132Additions {
  static final String META_FILE = "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";
  static final String CORE_FILE = "k8s.io/api/core/v1/generated.proto";
  private static final String META = ".k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final String CORE = ".k8s.io.api.core.v1.";

  private Kube132Additions() {}

  /** Adds the new fields and messages to the files read from client-java-proto. */
  static void extend(Map<String, FileDescriptorProto.Builder> files) {
    FileDescriptorProto.Builder meta = files.get(META_FILE);
    addFields(meta, "DeleteOptions", bool("ignoreStoreReadErrorWithClusterBreakingPotential", 6));

    FileDescriptorProto.Builder core = files.get(CORE_FILE);
    addFields(core, "ContainerStatus", message("user", 13, CORE + "ContainerUser"),
        repeated(message("allocatedResourcesStatus", 14, CORE + "ResourceStatus")));
    addFields(core, "NodeRuntimeHandlerFeatures", bool("userNamespaces", 2));
    addFields(core, "NodeStatus", message("features", 13, CORE + "NodeFeatures"));
    addFields(core, "PodResourceClaim", string("resourceClaimName", 3), string("resourceClaimTemplateName", 4));
    addFields(core, "PodSecurityContext", string("supplementalGroupsPolicy", 12), string("seLinuxChangePolicy", 13));
    addFields(core, "PodSpec", message("resources", 40, CORE + "ResourceRequirements"));
    addFields(core, "ResourceClaim", string("request", 2));
    addFields(core, "VolumeSource", message("image", 30, CORE + "ImageVolumeSource"));
    core.addMessageType(type("ContainerUser", message("linux", 1, CORE + "LinuxContainerUser")));
    core.addMessageType(type("LinuxContainerUser", int64("uid", 1), int64("gid", 2),
        repeated(int64("supplementalGroups", 3))));
    core.addMessageType(type("ResourceStatus", string("name", 1), repeated(message("resources", 2, CORE + "ResourceHealth"))));
    core.addMessageType(type("ResourceHealth", string("resourceID", 1), string("health", 2)));
    core.addMessageType(type("NodeFeatures", bool("supplementalGroupsPolicy", 1)));
    core.addMessageType(type("ImageVolumeSource", string("reference", 1), string("pullPolicy", 2)));
  }

  /** The groups client-java-proto 23.0.0 has no file for. */
  static List<FileDescriptorProto> newFiles() {
    return List.of(coordination(), discovery(), events());
  }

  private static FileDescriptorProto coordination() {
    String pkg = ".k8s.io.api.coordination.v1.";
    return file("coordination", List.of(META_FILE),
        type("Lease", message("metadata", 1, META + "ObjectMeta"), message("spec", 2, pkg + "LeaseSpec")),
        type("LeaseSpec", string("holderIdentity", 1), int32("leaseDurationSeconds", 2),
            message("acquireTime", 3, META + "MicroTime"), message("renewTime", 4, META + "MicroTime"),
            int32("leaseTransitions", 5), string("strategy", 6), string("preferredHolder", 7)));
  }

  private static FileDescriptorProto discovery() {
    String pkg = ".k8s.io.api.discovery.v1.";
    DescriptorProto topology = type("DeprecatedTopologyEntry", string("key", 1), string("value", 2)).toBuilder()
        .setOptions(MessageOptions.newBuilder().setMapEntry(true)).build();
    DescriptorProto endpoint = type("Endpoint", repeated(string("addresses", 1)),
        message("conditions", 2, pkg + "EndpointConditions"), string("hostname", 3),
        message("targetRef", 4, CORE + "ObjectReference"),
        repeated(message("deprecatedTopology", 5, pkg + "Endpoint.DeprecatedTopologyEntry")),
        string("nodeName", 6), string("zone", 7), message("hints", 8, pkg + "EndpointHints"))
        .toBuilder().addNestedType(topology).build();
    return file("discovery", List.of(CORE_FILE, META_FILE),
        type("EndpointSlice", message("metadata", 1, META + "ObjectMeta"), string("addressType", 4),
            repeated(message("endpoints", 2, pkg + "Endpoint")), repeated(message("ports", 3, pkg + "EndpointPort"))),
        endpoint,
        type("EndpointConditions", bool("ready", 1), bool("serving", 2), bool("terminating", 3)),
        type("EndpointHints", repeated(message("forZones", 1, pkg + "ForZone"))),
        type("EndpointPort", string("name", 1), string("protocol", 2), int32("port", 3), string("appProtocol", 4)),
        type("ForZone", string("name", 1)));
  }

  private static FileDescriptorProto events() {
    String pkg = ".k8s.io.api.events.v1.";
    return file("events", List.of(CORE_FILE, META_FILE),
        type("Event", message("metadata", 1, META + "ObjectMeta"), message("eventTime", 2, META + "MicroTime"),
            message("series", 3, pkg + "EventSeries"), string("reportingController", 4),
            string("reportingInstance", 5), string("action", 6), string("reason", 7),
            message("regarding", 8, CORE + "ObjectReference"), message("related", 9, CORE + "ObjectReference"),
            string("note", 10), string("type", 11), message("deprecatedSource", 12, CORE + "EventSource"),
            message("deprecatedFirstTimestamp", 13, META + "Time"),
            message("deprecatedLastTimestamp", 14, META + "Time"), int32("deprecatedCount", 15)),
        type("EventSeries", int32("count", 1), message("lastObservedTime", 2, META + "MicroTime")));
  }

  private static FileDescriptorProto file(String group, List<String> imports, DescriptorProto... messages) {
    return FileDescriptorProto.newBuilder()
        .setName("k8s.io/api/" + group + "/v1/generated.proto")
        .setPackage("k8s.io.api." + group + ".v1")
        .addAllDependency(imports)
        .addAllMessageType(List.of(messages))
        .build();
  }

  private static void addFields(FileDescriptorProto.Builder file, String message, FieldDescriptorProto... fields) {
    DescriptorProto.Builder type = file.getMessageTypeBuilderList().stream()
        .filter(m -> m.getName().equals(message)).findFirst()
        .orElseThrow(() -> new IllegalStateException(file.getName() + " has no message " + message));
    type.addAllField(List.of(fields));
  }

  private static DescriptorProto type(String name, FieldDescriptorProto... fields) {
    return DescriptorProto.newBuilder().setName(name).addAllField(List.of(fields)).build();
  }

  private static FieldDescriptorProto string(String name, int number) {
    return field(name, number, Type.TYPE_STRING);
  }

  private static FieldDescriptorProto int32(String name, int number) {
    return field(name, number, Type.TYPE_INT32);
  }

  private static FieldDescriptorProto int64(String name, int number) {
    return field(name, number, Type.TYPE_INT64);
  }

  private static FieldDescriptorProto bool(String name, int number) {
    return field(name, number, Type.TYPE_BOOL);
  }

  private static FieldDescriptorProto message(String name, int number, String typeName) {
    return field(name, number, Type.TYPE_MESSAGE).toBuilder().setTypeName(typeName).build();
  }

  private static FieldDescriptorProto repeated(FieldDescriptorProto field) {
    return field.toBuilder().setLabel(Label.LABEL_REPEATED).build();
  }

  private static FieldDescriptorProto field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(Label.LABEL_OPTIONAL).build();
  }
}
