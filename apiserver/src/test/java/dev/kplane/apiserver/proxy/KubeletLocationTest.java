package dev.kplane.apiserver.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kplane.apiserver.api.ApiException;
import dev.kplane.schemas.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeletLocationTest {
  @Test
  void shouldPreferTheInternalIpAndTheKubeletPortOfTheNode() {
    var node = Json.parse("""
        {"status":{"addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.5"}],
                   "daemonEndpoints":{"kubeletEndpoint":{"Port":10300}}}}""");
    assertEquals(new KubeletLocation("10.0.0.5", 10300), KubeletLocation.of(node));
    var bare = Json.parse("{\"status\":{\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"fd00::1\"}]}}");
    assertEquals("[fd00::1]:10250", KubeletLocation.of(bare).authority());
    var none = assertThrows(ApiException.class, () -> KubeletLocation.of(Json.parse(
        "{\"status\":{\"addresses\":[{\"type\":\"InternalDNS\",\"address\":\"n1.local\"}]}}")));
    assertEquals(500, none.code());
  }

  @Test
  void shouldChooseTheContainerAsKubeDoes() {
    var one = Json.parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"a\"}]}}");
    assertEquals("a", KubeletLocation.container(one, null));
    var two = Json.parse("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"initContainers\":[{\"name\":\"i\"}],"
        + "\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}");
    assertEquals("i", KubeletLocation.container(two, "i"));
    assertEquals("a container name must be specified for pod p, choose one of: [i a b]",
        assertThrows(ApiException.class, () -> KubeletLocation.container(two, "")).getMessage());
    assertEquals("container c is not valid for pod p",
        assertThrows(ApiException.class, () -> KubeletLocation.container(two, "c")).getMessage());
  }

  @Test
  void shouldValidateAndForwardLogOptions() {
    assertEquals("follow=true&timestamps=true&tailLines=10&limitBytes=5",
        PodLogProxy.kubeletQuery("p", query(Map.of("follow", "1", "timestamps", "true", "previous", "false",
            "tailLines", "10", "limitBytes", "5", "container", "c"))));
    var both = assertThrows(ApiException.class, () -> PodLogProxy.kubeletQuery("p",
        query(Map.of("sinceSeconds", "5", "sinceTime", "2026-01-01T00:00:00Z", "limitBytes", "0"))));
    assertEquals(422, both.code());
    assertEquals("PodLogOptions \"p\" is invalid: [limitBytes: Invalid value: 0: must be greater than 0, "
        + ": Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified]", both.getMessage());
  }

  private static Map<String, Deque<String>> query(Map<String, String> params) {
    Map<String, Deque<String>> q = new java.util.HashMap<>();
    params.forEach((k, v) -> q.put(k, new ArrayDeque<>(List.of(v))));
    return q;
  }
}
