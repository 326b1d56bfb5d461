package dev.kplane.kubelet.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.kubelet.api.ApiClient;
import dev.kplane.schemas.Json;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's presence in the API: registers the Node (or takes over an existing one), posts its status and
 * renews its Lease in kube-node-lease; {@link #heartbeat} is called every 10 s.
 */
public final class NodeAgent {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final int LEASE_DURATION_SECONDS = 40;
  private final ApiClient api;
  private final NodeStatus.Facts facts;
  private final Clock clock;
  private String nodeUid;

  public NodeAgent(ApiClient api, NodeStatus.Facts facts, Clock clock) {
    this.api = api;
    this.facts = facts;
    this.clock = clock;
  }

  public void register() {
    ApiClient.Response created = api.post("/api/v1/nodes", NodeStatus.node(facts, clock.instant()));
    if (created.ok()) {
      nodeUid = created.body().path("metadata").path("uid").asText();
      LOG.info("registered node {}", facts.nodeName());
    } else if (created.code() == 409) {
      ApiClient.Response existing = api.get(nodePath());
      ObjectNode node = (ObjectNode) existing.body();
      NodeStatus.mergeLabels(node, facts);
      ApiClient.Response updated = api.put(nodePath(), node);
      if (!updated.ok()) {
        throw new IllegalStateException("updating node " + facts.nodeName() + ": " + updated.message());
      }
      nodeUid = updated.body().path("metadata").path("uid").asText();
      LOG.info("node {} already registered; took it over", facts.nodeName());
    } else {
      throw new IllegalStateException("registering node " + facts.nodeName() + ": " + created.message());
    }
    ensureLeaseNamespace();
    heartbeat();
  }

  /** Posts the node status and renews the lease; failures are logged and retried on the next beat. */
  public void heartbeat() {
    try {
      updateStatus();
      renewLease();
    } catch (RuntimeException x) {
      LOG.warn("node {} heartbeat failed: {}", facts.nodeName(), x.toString());
    }
  }

  private void updateStatus() {
    for (int i = 0; i < 5; i++) {
      ApiClient.Response current = api.get(nodePath());
      if (!current.ok()) {
        LOG.warn("reading node {} failed: {}", facts.nodeName(), current.message());
        return;
      }
      ObjectNode node = (ObjectNode) current.body();
      node.set("status", NodeStatus.status(facts, node.get("status"), clock.instant()));
      ApiClient.Response put = api.put(nodePath() + "/status", node);
      if (put.ok() || put.code() != 409) {
        if (!put.ok()) {
          LOG.warn("node {} status not written: {}", facts.nodeName(), put.message());
        }
        return;
      }
    }
  }

  private void ensureLeaseNamespace() {
    ApiClient.Response r = api.post("/api/v1/namespaces",
        Map.of("apiVersion", "v1", "kind", "Namespace", "metadata", Map.of("name", LEASE_NAMESPACE)));
    if (!r.ok() && r.code() != 409) {
      LOG.warn("creating namespace {} failed: {}", LEASE_NAMESPACE, r.message());
    }
  }

  private void renewLease() {
    String path = "/apis/coordination.k8s.io/v1/namespaces/" + LEASE_NAMESPACE + "/leases/" + facts.nodeName();
    ApiClient.Response current = api.get(path);
    String now = NodeStatus.microTime(clock.instant());
    if (current.code() == 404) {
      ObjectNode lease = Json.MAPPER.createObjectNode();
      lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
      ObjectNode meta = lease.putObject("metadata");
      meta.put("name", facts.nodeName()).put("namespace", LEASE_NAMESPACE);
      meta.putArray("ownerReferences").addObject().put("apiVersion", "v1").put("kind", "Node")
          .put("name", facts.nodeName()).put("uid", nodeUid);
      lease.putObject("spec").put("holderIdentity", facts.nodeName()).put("leaseDurationSeconds", LEASE_DURATION_SECONDS)
          .put("renewTime", now);
      ApiClient.Response r = api.post(path.substring(0, path.lastIndexOf('/')), lease);
      if (!r.ok()) {
        LOG.warn("creating lease of node {} failed: {}", facts.nodeName(), r.message());
      }
      return;
    }
    if (!current.ok()) {
      LOG.warn("reading lease of node {} failed: {}", facts.nodeName(), current.message());
      return;
    }
    ObjectNode lease = (ObjectNode) current.body();
    ObjectNode spec = lease.get("spec") instanceof ObjectNode s ? s : lease.putObject("spec");
    spec.put("holderIdentity", facts.nodeName()).put("leaseDurationSeconds", LEASE_DURATION_SECONDS).put("renewTime", now);
    ApiClient.Response r = api.put(path, lease);
    if (!r.ok()) {
      LOG.warn("renewing lease of node {} failed: {}", facts.nodeName(), r.message());
    }
  }

  private String nodePath() {
    return "/api/v1/nodes/" + facts.nodeName();
  }
}
