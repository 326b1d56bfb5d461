package dev.kplane.proxy.userspace;

import java.net.InetSocketAddress;

/** A listening socket that forwards what it receives to the backends of one service port. */
interface Forwarder extends AutoCloseable {
  InetSocketAddress address();

  BackendPicker picker();

  @Override
  void close();
}
