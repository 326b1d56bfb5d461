package dev.kplane.kubelet.node;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

/** Facts about the machine the node status reports: capacity, addresses, kernel and OS. */
public record Machine(int cpus, long memoryBytes, long ephemeralStorageBytes, String hostIp, String kernelVersion,
    String osImage, String architecture, String machineId, String bootId) {

  public static Machine probe(Path rootDir) {
    return new Machine(Runtime.getRuntime().availableProcessors(), memTotal(), diskTotal(rootDir), detectHostIp(),
        System.getProperty("os.version"), detectOsImage(), goArch(System.getProperty("os.arch")),
        read("/etc/machine-id"), read("/proc/sys/kernel/random/boot_id"));
  }

  /** Go's GOARCH names, which kubernetes.io/arch uses. */
  static String goArch(String javaArch) {
    return switch (javaArch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> javaArch;
    };
  }

  private static long memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // not Linux: fall through to the JVM's view
    }
    return Runtime.getRuntime().maxMemory();
  }

  private static long diskTotal(Path dir) {
    try {
      Path p = dir;
      while (p != null && !Files.exists(p)) {
        p = p.getParent();
      }
      return Files.getFileStore(p == null ? Path.of("/") : p).getTotalSpace();
    } catch (IOException x) {
      return 0;
    }
  }

  /** The first non-loopback IPv4 address of an interface that is up (what kubelet's node IP detection picks). */
  static String detectHostIp() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback() || nic.getName().startsWith("kplane") || nic.getName().startsWith("veth")
            || nic.getName().startsWith("cni")) {
          continue;
        }
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException ignored) {
      // no interfaces visible: loopback below
    }
    return "127.0.0.1";
  }

  private static String detectOsImage() {
    try {
      Map<String, String> release = new java.util.HashMap<>();
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          release.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
        }
      }
      return release.getOrDefault("PRETTY_NAME", "Linux");
    } catch (IOException x) {
      return System.getProperty("os.name");
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException x) {
      return "";
    }
  }
}
