package dev.kplane.apiserver.codec;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protobuf message of each (apiVersion, kind) kplane serves: client-java-proto's descriptors brought up to
 * Kubernetes 1.32 by {@link Kube132Additions}.
 */
final class KubeMessages {
  /** API group → the folder of its generated.proto under k8s.io/api. */
  private static final Map<String, String> GROUP_FOLDERS = Map.ofEntries(
      Map.entry("", "core"),
      Map.entry("apps", "apps"),
      Map.entry("batch", "batch"),
      Map.entry("autoscaling", "autoscaling"),
      Map.entry("policy", "policy"),
      Map.entry("authentication.k8s.io", "authentication"),
      Map.entry("authorization.k8s.io", "authorization"),
      Map.entry("coordination.k8s.io", "coordination"),
      Map.entry("discovery.k8s.io", "discovery"),
      Map.entry("events.k8s.io", "events"),
      Map.entry("networking.k8s.io", "networking"),
      Map.entry("rbac.authorization.k8s.io", "rbac"),
      Map.entry("scheduling.k8s.io", "scheduling"),
      Map.entry("storage.k8s.io", "storage"));

  private static final Map<String, FileDescriptor> FILES = build(List.of(Meta.getDescriptor(), V1.getDescriptor(),
      V1Apps.getDescriptor(), V1Batch.getDescriptor(), V1Autoscaling.getDescriptor(), V1Policy.getDescriptor(),
      V1Authentication.getDescriptor(), V1Authorization.getDescriptor(), V1Networking.getDescriptor(), V1Rbac.getDescriptor(),
      V1Scheduling.getDescriptor(), V1Storage.getDescriptor()));

  private KubeMessages() {}

  /**
   * The message for a kind; the option kinds (DeleteOptions, ...) are meta/v1 messages that clients send under
   * the group version of the resource they address.
   */
  static Optional<Descriptor> find(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    String folder = GROUP_FOLDERS.get(group);
    FileDescriptor file = folder == null ? null : FILES.get("k8s.io/api/" + folder + "/" + version + "/generated.proto");
    if (file == null) {
      return Optional.empty();
    }
    Descriptor message = file.findMessageTypeByName(kind);
    if (message == null && kind.endsWith("Options")) {
      message = FILES.get(Kube132Additions.META_FILE).findMessageTypeByName(kind);
    }
    return Optional.ofNullable(message);
  }

  private static Map<String, FileDescriptor> build(List<FileDescriptor> roots) {
    Map<String, FileDescriptorProto.Builder> protos = new LinkedHashMap<>();
    roots.forEach(root -> collect(root, protos));
    Kube132Additions.extend(protos);
    Kube132Additions.newFiles().forEach(p -> protos.put(p.getName(), p.toBuilder()));
    Map<String, FileDescriptor> built = new HashMap<>();
    protos.keySet().forEach(name -> buildFile(name, protos, built));
    return Map.copyOf(built);
  }

  private static void collect(FileDescriptor file, Map<String, FileDescriptorProto.Builder> protos) {
    if (protos.putIfAbsent(file.getName(), file.toProto().toBuilder()) == null) {
      file.getDependencies().forEach(dep -> collect(dep, protos));
    }
  }

  private static FileDescriptor buildFile(String name, Map<String, FileDescriptorProto.Builder> protos,
                                          Map<String, FileDescriptor> built) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name).build();
    FileDescriptor[] deps = proto.getDependencyList().stream()
        .map(dep -> buildFile(dep, protos, built)).toArray(FileDescriptor[]::new);
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps);
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("the Kubernetes descriptors do not fit together: " + e.getMessage(), e);
    }
  }
}
