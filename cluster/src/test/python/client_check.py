"""The official Kubernetes python client against kplane: CRUD, list-then-watch from the list's
resourceVersion, patch, delete_collection. Every step asserts its result; the exit code says whether all held.

Usage: python3 client_check.py KUBECONFIG NAMESPACE
"""
import sys
import threading

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException


def main(kubeconfig, ns):
    config.load_kube_config(config_file=kubeconfig)
    core = client.CoreV1Api()
    apps = client.AppsV1Api()

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
    assert ns in [n.metadata.name for n in core.list_namespace().items]

    # create / read / update / conflict
    cm = core.create_namespaced_config_map(ns, client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name="cfg", labels={"app": "py"}), data={"a": "1"}))
    assert cm.metadata.uid and int(cm.metadata.resource_version) > 0
    got = core.read_namespaced_config_map("cfg", ns)
    assert got.data == {"a": "1"}, got.data
    got.data["b"] = "2"
    updated = core.replace_namespaced_config_map("cfg", ns, got)
    assert int(updated.metadata.resource_version) > int(cm.metadata.resource_version)
    try:
        core.replace_namespaced_config_map("cfg", ns, got)  # got carries the old resourceVersion
        raise AssertionError("a stale update succeeded")
    except ApiException as e:
        assert e.status == 409, e

    # patch (a dict is sent as a strategic merge patch)
    patched = core.patch_namespaced_config_map("cfg", ns, {"metadata": {"labels": {"patched": "yes"}}, "data": {"c": "3"}})
    assert patched.metadata.labels == {"app": "py", "patched": "yes"}, patched.metadata.labels
    assert patched.data == {"a": "1", "b": "2", "c": "3"}, patched.data

    # list, then watch from the list's resourceVersion: exactly the changes made after the list
    listed = core.list_namespaced_config_map(ns, label_selector="app=py")
    assert [i.metadata.name for i in listed.items] == ["cfg"]
    events = []
    w = watch.Watch()

    def run_watch():
        for ev in w.stream(core.list_namespaced_config_map, ns, resource_version=listed.metadata.resource_version,
                           timeout_seconds=20):
            events.append((ev["type"], ev["object"].metadata.name))
            if len(events) == 3:
                w.stop()

    t = threading.Thread(target=run_watch)
    t.start()
    core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="later"), data={"x": "1"}))
    core.patch_namespaced_config_map("later", ns, {"data": {"x": "2"}})
    core.delete_namespaced_config_map("later", ns)
    t.join(30)
    assert events == [("ADDED", "later"), ("MODIFIED", "later"), ("DELETED", "later")], events

    # a typed workload round-trips
    dep = apps.create_namespaced_deployment(ns, client.V1Deployment(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V1DeploymentSpec(
            replicas=2, selector=client.V1LabelSelector(match_labels={"app": "web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": "web"}),
                spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox")])))))
    assert dep.spec.replicas == 2
    scale = apps.patch_namespaced_deployment_scale("web", ns, {"spec": {"replicas": 5}})
    assert scale.spec.replicas == 5, scale
    assert apps.read_namespaced_deployment("web", ns).spec.replicas == 5

    # delete_collection with a label selector deletes what it selects, nothing else
    for i in range(3):
        core.create_namespaced_config_map(ns, client.V1ConfigMap(
            metadata=client.V1ObjectMeta(name="batch-%d" % i, labels={"batch": "yes" if i < 2 else "no"})))
    core.delete_collection_namespaced_config_map(ns, label_selector="batch=yes")
    left = sorted(i.metadata.name for i in core.list_namespaced_config_map(ns).items)
    assert left == ["batch-2", "cfg"], left

    # errors come back as Status objects with the right codes
    try:
        core.read_namespaced_config_map("missing", ns)
        raise AssertionError("read of a missing object succeeded")
    except ApiException as e:
        assert e.status == 404 and '"reason":"NotFound"' in e.body, e.body

    core.delete_namespaced_config_map("cfg", ns)
    print("python client: all checks passed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
