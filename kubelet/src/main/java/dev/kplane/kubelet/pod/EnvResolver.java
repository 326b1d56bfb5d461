package dev.kplane.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container's environment as kubelet's makeEnvironmentVariables builds it: envFrom first (keys that are not
 * valid variable names are skipped), then env in order, each value expanded with $(VAR) against the variables
 * defined before it, valueFrom resolved from ConfigMaps, Secrets, pod fields and container resources.
 */
public final class EnvResolver {
  private EnvResolver() {}

  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  /** What fieldRef and resourceFieldRef read besides the pod: its IPs and the node's allocatable. */
  public record PodContext(String hostIp, List<String> podIps, Map<String, Quantity> nodeAllocatable) {}

  public static Map<String, String> resolve(Pod pod, Container c, PodContext ctx, ConfigSource config)
      throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : c.getEnvFrom()) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      Map<String, String> values = envFromValues(ns, from, config);
      values.forEach((k, v) -> {
        if (ENV_NAME.matcher(prefix + k).matches()) {
          env.put(prefix + k, v);
        }
      });
    }
    for (EnvVar var : c.getEnv()) {
      String value;
      if (var.getValueFrom() != null) {
        value = valueFrom(pod, c, var.getValueFrom(), ctx, config);
        if (value == null) {
          continue;
        }
      } else {
        value = expand(var.getValue() == null ? "" : var.getValue(), env);
      }
      env.put(var.getName(), value);
    }
    return env;
  }

  private static Map<String, String> envFromValues(String ns, EnvFromSource from, ConfigSource config)
      throws ContainerConfigException {
    if (from.getConfigMapRef() != null) {
      String name = from.getConfigMapRef().getName();
      Optional<ConfigMap> cm = config.configMap(ns, name);
      if (cm.isEmpty()) {
        if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
          return Map.of();
        }
        throw new ContainerConfigException("configmap \"" + name + "\" not found");
      }
      return cm.get().getData() == null ? Map.of() : cm.get().getData();
    }
    if (from.getSecretRef() != null) {
      String name = from.getSecretRef().getName();
      Optional<Secret> secret = config.secret(ns, name);
      if (secret.isEmpty()) {
        if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
          return Map.of();
        }
        throw new ContainerConfigException("secret \"" + name + "\" not found");
      }
      Map<String, String> out = new LinkedHashMap<>();
      secretData(secret.get()).forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
      return out;
    }
    return Map.of();
  }

  /** The value of a valueFrom, or null when an optional source or key is missing (the variable is left out). */
  private static String valueFrom(Pod pod, Container c, EnvVarSource from, PodContext ctx, ConfigSource config)
      throws ContainerConfigException {
    String ns = pod.getMetadata().getNamespace();
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<ConfigMap> cm = config.configMap(ns, ref.getName());
      if (cm.isEmpty()) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
      }
      String v = cm.get().getData() == null ? null : cm.get().getData().get(ref.getKey());
      if (v == null && !optional) {
        throw new ContainerConfigException(
            "couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
      }
      return v;
    }
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<Secret> secret = config.secret(ns, ref.getName());
      if (secret.isEmpty()) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
      }
      byte[] v = secretData(secret.get()).get(ref.getKey());
      if (v == null && !optional) {
        throw new ContainerConfigException(
            "couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
      }
      return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
    if (from.getFieldRef() != null) {
      return fieldValue(pod, from.getFieldRef(), ctx);
    }
    if (from.getResourceFieldRef() != null) {
      return resourceValue(pod, c, from.getResourceFieldRef(), ctx);
    }
    return null;
  }

  /** Secret data decoded from base64, with stringData (if a writer left it) on top. */
  public static Map<String, byte[]> secretData(Secret s) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (s.getData() != null) {
      s.getData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v == null ? "" : v)));
    }
    if (s.getStringData() != null) {
      s.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** A pod field as the downward API exposes it (fieldpath.ExtractFieldPathAsString plus the status fields). */
  public static String fieldValue(Pod pod, ObjectFieldSelector ref, PodContext ctx) throws ContainerConfigException {
    String path = ref.getFieldPath();
    var meta = pod.getMetadata();
    if (path.startsWith("metadata.labels['") && path.endsWith("']")) {
      return meta.getLabels() == null ? "" : meta.getLabels().getOrDefault(path.substring(17, path.length() - 2), "");
    }
    if (path.startsWith("metadata.annotations['") && path.endsWith("']")) {
      return meta.getAnnotations() == null ? ""
          : meta.getAnnotations().getOrDefault(path.substring(22, path.length() - 2), "");
    }
    return switch (path) {
      case "metadata.name" -> meta.getName();
      case "metadata.namespace" -> meta.getNamespace();
      case "metadata.uid" -> meta.getUid();
      case "metadata.labels" -> formatMap(meta.getLabels());
      case "metadata.annotations" -> formatMap(meta.getAnnotations());
      case "spec.nodeName" -> nullToEmpty(pod.getSpec().getNodeName());
      case "spec.serviceAccountName" -> nullToEmpty(pod.getSpec().getServiceAccountName());
      case "status.hostIP", "status.hostIPs" -> nullToEmpty(ctx.hostIp());
      case "status.podIP" -> ctx.podIps().isEmpty() ? "" : ctx.podIps().get(0);
      case "status.podIPs" -> String.join(",", ctx.podIps());
      default -> throw new ContainerConfigException("unsupported fieldPath: " + path);
    };
  }

  /** Downward API map format: sorted key="value" lines (fieldpath.FormatMap). */
  static String formatMap(Map<String, String> m) {
    if (m == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    m.keySet().stream().sorted().forEach(k -> b.append(k).append("=\"").append(m.get(k)).append("\"\n"));
    return b.toString().stripTrailing();
  }

  /**
   * A container resource as the downward API exposes it (resource.ExtractContainerResourceValue): unset limits
   * default to the node's allocatable; cpu rounds up to whole divisors of millicores, others to whole divisors.
   */
  public static String resourceValue(Pod pod, Container self, ResourceFieldSelector ref, PodContext ctx)
      throws ContainerConfigException {
    Container c = self;
    if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
      c = java.util.stream.Stream.concat(pod.getSpec().getContainers().stream(), pod.getSpec().getInitContainers().stream())
          .filter(x -> x.getName().equals(ref.getContainerName())).findFirst()
          .orElseThrow(() -> new ContainerConfigException("container " + ref.getContainerName() + " not found"));
    }
    String resource = ref.getResource();
    int dot = resource.indexOf('.');
    if (dot < 0) {
      throw new ContainerConfigException("unsupported container resource : " + resource);
    }
    String kind = resource.substring(0, dot);
    String name = resource.substring(dot + 1);
    var res = c.getResources();
    Map<String, Quantity> list = res == null ? null : "limits".equals(kind) ? res.getLimits() : res.getRequests();
    Quantity q = list == null ? null : list.get(name);
    if (q == null && "limits".equals(kind)) {
      q = ctx.nodeAllocatable().get(name);
    }
    BigDecimal value = q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    if ("cpu".equals(name)) {
      BigDecimal milli = value.movePointRight(3).setScale(0, RoundingMode.CEILING);
      BigDecimal divisorMilli = divisor.movePointRight(3).setScale(0, RoundingMode.CEILING);
      return milli.divide(divisorMilli, 0, RoundingMode.CEILING).toPlainString();
    }
    return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
  }

  /** $(VAR) expansion as kube's third_party/forked/golang/expansion: $$ escapes, unknown references stay as is. */
  public static String expand(String input, Map<String, String> vars) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < input.length()) {
      char ch = input.charAt(i);
      if (ch == '$' && i + 1 < input.length()) {
        char next = input.charAt(i + 1);
        if (next == '$') {
          out.append('$');
          i += 2;
          continue;
        }
        if (next == '(') {
          int close = input.indexOf(')', i + 2);
          if (close > 0) {
            String name = input.substring(i + 2, close);
            String v = vars.get(name);
            out.append(v != null ? v : "$(" + name + ")");
            i = close + 1;
            continue;
          }
        }
      }
      out.append(ch);
      i++;
    }
    return out.toString();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
