package dev.kplane.apiserver.registry.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.ApiException;
import dev.kplane.apiserver.registry.ObjectStore;
import dev.kplane.apiserver.registry.RequestContext;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every namespace gets a `default` ServiceAccount once it is created, as kube-controller-manager's serviceaccounts
 * controller provides it. Until kplane's controllers (streams-controllers) take this over, the API server does it
 * right after the namespace's create is applied.
 */
public final class DefaultServiceAccount implements Admission {
  private static final Logger log = LoggerFactory.getLogger(DefaultServiceAccount.class);
  private static final ResourceType NAMESPACES = BuiltinResources.find("", "namespaces").orElseThrow();
  private static final ResourceType SERVICE_ACCOUNTS = BuiltinResources.find("", "serviceaccounts").orElseThrow();

  private final ObjectStore store;

  public DefaultServiceAccount(ObjectStore store) {
    this.store = store;
  }

  @Override
  public void applied(ResourceType type, ObjectNode obj, ObjectNode old) {
    if (type.equals(NAMESPACES) && old == null && obj != null) {
      ensure(obj.path("metadata").path("name").asText());
    }
  }

  /** Creates the namespace's `default` ServiceAccount unless it exists. */
  public void ensure(String namespace) {
    try {
      store.get(SERVICE_ACCOUNTS, namespace, "default", null);
      return;
    } catch (ApiException e) {
      if (e.code() != 404) {
        log.warn("could not read the default ServiceAccount of namespace {}: {}", namespace, e.getMessage());
        return;
      }
    }
    ObjectNode sa = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ServiceAccount");
    sa.putObject("metadata").put("name", "default").put("namespace", namespace);
    try {
      store.create(SERVICE_ACCOUNTS, namespace, sa, RequestContext.of("system:serviceaccount:kube-system:"
          + "service-account-controller", false));
    } catch (ApiException e) {
      if (e.code() != 409) {
        log.warn("could not create the default ServiceAccount of namespace {}: {}", namespace, e.getMessage());
      }
    }
  }
}
