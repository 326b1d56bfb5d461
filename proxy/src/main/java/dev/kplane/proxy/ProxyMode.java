package dev.kplane.proxy;

import java.util.Locale;
import java.util.Optional;

/** How the proxy forwards: kernel rules (nftables) where it may change them, otherwise a userspace forwarder. */
public enum ProxyMode {
  AUTO, NFTABLES, USERSPACE;

  public static ProxyMode parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }

  /**
   * The mode to run in.
   *
   * @param nftUnusable why nftables cannot be used here, empty when it can
   * @throws IllegalStateException when nftables was asked for and cannot be used
   */
  static ProxyMode choose(ProxyMode requested, Optional<String> nftUnusable) {
    return switch (requested) {
      case USERSPACE -> USERSPACE;
      case NFTABLES -> {
        if (nftUnusable.isPresent()) {
          throw new IllegalStateException("proxy mode nftables is not possible here: " + nftUnusable.get());
        }
        yield NFTABLES;
      }
      case AUTO -> nftUnusable.isPresent() ? USERSPACE : NFTABLES;
    };
  }
}
