package dev.kplane.kubelet.pod;

import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.Map;

/** What pod syncs need to know about their node. */
public record NodeContext(String nodeName, String hostIp, Map<String, Quantity> allocatable, long memoryBytes,
    Path logRoot, PodDns dns) {}
