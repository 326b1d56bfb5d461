package dev.kplane.proxy.nft;

import dev.kplane.proxy.model.Endpoint;
import dev.kplane.proxy.model.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Chain and set names of kube-proxy's nftables mode: "HASH-ns/svc/proto/port" where HASH is the first 8 characters of
 * the base32 SHA-256 of the rest, so names stay unique when truncated and tell similar services apart at a glance.
 */
final class ChainNames {
  /** nftables limits names to 256 bytes; 16 are left for the longest prefix ("external-", "affinity-", ...). */
  private static final int BASE_LENGTH_MAX = 256 - 16;
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private ChainNames() {}

  static String service(ServicePortName n) {
    return hashAndTruncate(n.namespace() + "/" + n.name() + "/" + n.protocol() + "/" + n.port());
  }

  static String endpoint(ServicePortName n, Endpoint e) {
    return hashAndTruncate(n.namespace() + "/" + n.name() + "/" + n.protocol() + "/" + n.port() + "__" + e.ip() + "/"
        + e.port());
  }

  /** True for the per-service and per-endpoint chains: only they have a "/" in their name. */
  static boolean isServiceChain(String chain) {
    return chain.contains("/");
  }

  static String hashAndTruncate(String name) {
    String hashed = base32Prefix(sha256(name)) + "-" + name;
    return hashed.length() > BASE_LENGTH_MAX ? hashed.substring(0, BASE_LENGTH_MAX - 3) + "..." : hashed;
  }

  /** The first 8 base32 characters: exactly the first 40 bits of the hash. */
  private static String base32Prefix(byte[] hash) {
    long bits = 0;
    for (int i = 0; i < 5; i++) {
      bits = (bits << 8) | (hash[i] & 0xff);
    }
    StringBuilder sb = new StringBuilder(8);
    for (int shift = 35; shift >= 0; shift -= 5) {
      sb.append(BASE32[(int) ((bits >>> shift) & 31)]);
    }
    return sb.toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
