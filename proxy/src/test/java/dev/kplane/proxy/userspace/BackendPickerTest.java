package dev.kplane.proxy.userspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.proxy.model.Endpoint;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackendPickerTest {
  static final Endpoint A = Endpoint.ready("10.0.0.1", 80, false);
  static final Endpoint B = Endpoint.ready("10.0.0.2", 80, false);
  static final Endpoint C = Endpoint.ready("10.0.0.3", 80, false);
  final AtomicLong now = new AtomicLong(1_000_000);
  final BackendPicker picker = new BackendPicker(now::get);

  static InetAddress client(int i) throws Exception {
    return InetAddress.getByName("192.168.0." + i);
  }

  @Test
  void shouldGoRoundRobinAndOfferTheOthersAsFallbacks() throws Exception {
    picker.update(List.of(A, B, C), false, 0);
    assertEquals(List.of(A, B, C), picker.candidates(client(1)));
    assertEquals(List.of(B, C, A), picker.candidates(client(1)));
    assertEquals(List.of(C, A, B), picker.candidates(client(2)));
    assertEquals(List.of(A, B, C), picker.candidates(client(2)));
  }

  @Test
  void shouldKeepAClientOnItsBackendUntilTheAffinityTimesOut() throws Exception {
    picker.update(List.of(A, B), true, 10);
    Endpoint first = picker.candidates(client(1)).get(0);
    now.addAndGet(9_000);
    assertEquals(first, picker.candidates(client(1)).get(0));
    assertEquals(first, picker.candidates(client(1)).get(0));
    now.addAndGet(10_000);
    picker.candidates(client(2));
    assertEquals(first, picker.candidates(client(1)).get(0), "rr moved on: client 2 took the other one");
  }

  @Test
  void shouldForgetAffinityToARemovedOrFailedBackend() throws Exception {
    picker.update(List.of(A, B), true, 100);
    assertEquals(A, picker.candidates(client(1)).get(0));
    picker.update(List.of(B), true, 100);
    assertEquals(B, picker.candidates(client(1)).get(0));
    picker.update(List.of(A, B), true, 100);
    assertEquals(B, picker.candidates(client(1)).get(0), "still stuck to B");
    picker.failed(client(1), B);
    assertEquals(A, picker.candidates(client(1)).get(0));
  }

  @Test
  void shouldOfferNothingWithoutEndpoints() throws Exception {
    assertEquals(List.of(), picker.candidates(client(1)));
  }
}
