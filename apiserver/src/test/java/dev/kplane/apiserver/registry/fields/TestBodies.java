package dev.kplane.apiserver.registry.fields;

/** A Deployment with every field known, the base the patch tests patch (kube's validBodyJSON). */
final class TestBodies {
  static final String VALID_DEPLOYMENT = """
      {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "test-deployment", "labels": {"app": "nginx"}, "annotations": {"a1": "foo", "a2": "bar"}},
        "spec": {
          "selector": {"matchLabels": {"app": "nginx"}},
          "template": {
            "metadata": {"labels": {"app": "nginx"}},
            "spec": {
              "containers": [{"name": "nginx", "image": "nginx:latest", "imagePullPolicy": "Always",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}}}],
              "volumes": [{"name": "data", "emptyDir": {"sizeLimit": "1Gi"}}]
            }
          },
          "replicas": 2,
          "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}}
        },
        "status": {"replicas": 2, "conditions": [{"type": "Available", "status": "True",
          "lastUpdateTime": "2024-01-01T00:00:00Z"}]}
      }""";

  private TestBodies() {}
}
