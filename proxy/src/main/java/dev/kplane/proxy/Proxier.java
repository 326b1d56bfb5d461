package dev.kplane.proxy;

import dev.kplane.proxy.model.ServicePortInfo;
import java.util.List;

/** A data plane: makes forwarding match the service ports it is given. Syncs come from one thread. */
public interface Proxier extends AutoCloseable {
  /**
   * Makes forwarding match {@code ports}.
   *
   * @return true when it wants another sync in about a second even without a change (deferred cleanup)
   * @throws Exception when the forwarding could not be applied; the next sync retries
   */
  boolean sync(List<ServicePortInfo> ports) throws Exception;

  @Override
  void close();
}
