package dev.kplane.cluster;

import dev.kplane.apiserver.ApiServer;
import dev.kplane.apiserver.store.StoreConfig;
import java.util.concurrent.Callable;
import dev.kplane.apiserver.registry.admission.ServiceNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** bin/kplane apiserver: one API server instance against an existing Kafka. */
@Command(name = "apiserver", mixinStandardHelpOptions = true,
    description = "Run one API server instance against an existing Kafka cluster. Several instances share the "
        + "shards through the registry consumer group; give each its own --instance-id and --api-port.")
final class ApiServerCommand implements Callable<Integer> {
  @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092")
  String kafka;

  @Option(names = "--api-port", defaultValue = "6443", description = "HTTP port of the Kubernetes API (default ${DEFAULT-VALUE})")
  int apiPort;

  @Option(names = "--bind-address", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE})")
  String bindAddress;

  @Option(names = "--cluster-name", defaultValue = "kplane", description = "Topic prefix, so clusters can share a Kafka (default ${DEFAULT-VALUE})")
  String clusterName;

  @Option(names = "--instance-id", defaultValue = "apiserver-0", description = "Stable name of this instance (default ${DEFAULT-VALUE})")
  String instanceId;

  @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor of kplane's topics (default ${DEFAULT-VALUE})")
  short replicationFactor;

  @Option(names = "--min-insync-replicas", defaultValue = "1", description = "min.insync.replicas of kplane's topics (default ${DEFAULT-VALUE})")
  int minInsync;

  @Mixin
  ServiceNetworkOptions serviceNetwork = new ServiceNetworkOptions();

  @Override
  public Integer call() throws Exception {
    ApiServer server = new ApiServer(config(kafka, clusterName, instanceId, replicationFactor, minInsync, bindAddress,
        apiPort, serviceNetwork.network()));
    return Foreground.run(server, server::start,
        () -> String.format("kplane API server ready at http://%s:%d", bindAddress, server.port()));
  }

  static ApiServer.Config config(String kafka, String cluster, String instanceId, short rf, int minIsr,
                                 String bindAddress, int port, ServiceNetwork serviceNetwork) {
    StoreConfig store = StoreConfig.defaults(kafka, cluster, instanceId).withReplication(rf, minIsr);
    ApiServer.Config d = ApiServer.Config.defaults(store, port);
    return new ApiServer.Config(store, bindAddress, port, d.ringCapacity(), d.bookmarkInterval(), serviceNetwork);
  }
}
