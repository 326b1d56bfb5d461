package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerPort;

/**
 * One hostIP/protocol/port in use; an empty or 0.0.0.0 IP means every address ({@code framework.HostPortInfo}
 * sanitizes both to 0.0.0.0, the protocol to TCP).
 */
public record HostPort(String ip, String protocol, int port) {
    public static final String ANY_IP = "0.0.0.0";

    public HostPort {
        ip = ip == null || ip.isEmpty() ? ANY_IP : ip;
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    public static HostPort of(ContainerPort p) {
        return new HostPort(p.getHostIP(), p.getProtocol(), p.getHostPort());
    }

    /** Two declarations conflict when protocol and port agree and either binds every address or both the same one. */
    public boolean conflicts(HostPort other) {
        return port == other.port && protocol.equals(other.protocol)
                && (ip.equals(ANY_IP) || other.ip.equals(ANY_IP) || ip.equals(other.ip));
    }
}
