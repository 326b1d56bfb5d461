package dev.kplane.proxy.nft;

import dev.kplane.proxy.Proxier;
import dev.kplane.proxy.model.ServicePortInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kernel forwarding: keeps the nftables table equal to the rules for the current services. The first sync (and any
 * after a failure) replaces the table; later ones apply only the difference. Chains that fell out of use are flushed
 * at once and deleted a second later. After each sync, UDP conntrack entries to endpoints that went away are
 * deleted, as kube-proxy does.
 */
public final class NftablesProxier implements Proxier {
  private static final Logger LOG = LoggerFactory.getLogger(NftablesProxier.class);
  private static final long STALE_CHAIN_DELAY_MS = 1000;

  private final NftConfig config;
  private final boolean removeOnClose;
  private final Conntrack conntrack = new Conntrack();
  private Ruleset applied;
  private List<ServicePortInfo> appliedPorts = List.of();
  private final Map<String, Long> staleSince = new HashMap<>();

  public NftablesProxier(NftConfig config, boolean removeOnClose) {
    this.config = config;
    this.removeOnClose = removeOnClose;
  }

  @Override
  public boolean sync(List<ServicePortInfo> ports) throws IOException {
    Ruleset now = NftRules.build(ports, config);
    long t = System.currentTimeMillis();
    if (applied == null || NftScript.needsFull(applied, now)) {
      applyOrForget(NftScript.full(config, now));
      staleSince.clear();
    } else {
      List<String> due = staleSince.entrySet().stream()
          .filter(e -> t - e.getValue() >= STALE_CHAIN_DELAY_MS).map(Map.Entry::getKey).toList();
      String script = NftScript.update(config, applied, now, due);
      if (!script.isEmpty()) {
        applyOrForget(script);
      }
      due.forEach(staleSince::remove);
      applied.chains().keySet().stream().filter(ch -> !now.chains().containsKey(ch))
          .forEach(ch -> staleSince.putIfAbsent(ch, t));
      now.chains().keySet().forEach(staleSince::remove);
    }
    applied = now;
    conntrack.delete(StaleUdpFlows.of(appliedPorts, ports));
    appliedPorts = ports;
    LOG.debug("nftables synced: {} service ports, {} chains", ports.size(), now.chains().size());
    return !staleSince.isEmpty();
  }

  /** A failed transaction leaves the table as it was, which is no longer what {@code applied} says: start over. */
  private void applyOrForget(String script) throws IOException {
    try {
      Nft.apply(script);
    } catch (IOException e) {
      applied = null;
      throw e;
    }
  }

  @Override
  public void close() {
    if (!removeOnClose) {
      return;
    }
    try {
      Nft.deleteTable(config.table());
      LOG.info("removed nftables table ip {}", config.table());
    } catch (IOException e) {
      LOG.warn("could not remove nftables table ip {}: {}", config.table(), e.getMessage());
    }
  }
}
