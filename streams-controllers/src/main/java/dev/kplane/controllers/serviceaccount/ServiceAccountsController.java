package dev.kplane.controllers.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.controllers.Controller;
import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.objects.Objects;
import dev.kplane.controllers.streams.Change;
import dev.kplane.controllers.streams.ReconcileProcessor;
import dev.kplane.controllers.streams.Reconciler;
import dev.kplane.controllers.streams.State;
import dev.kplane.schemas.ApiRequests;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsBuilder;

/** Keeps a {@code default} ServiceAccount in every namespace (Namespaces and ServiceAccounts by namespace). */
public final class ServiceAccountsController implements Controller {
  public static final String NAME = "serviceaccount";
  static final ResourceType NAMESPACES = BuiltinResources.find("", "namespaces").orElseThrow();
  static final ResourceType SERVICE_ACCOUNTS = BuiltinResources.find("", "serviceaccounts").orElseThrow();
  /** kube-controller-manager's account for this controller. */
  static final String PRINCIPAL = "system:serviceaccount:kube-system:service-account-controller";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void build(StreamsBuilder builder, ControllerContext context) {
    ReconcileProcessor.build(builder, context, NAME, List.of(NAMESPACES, SERVICE_ACCOUNTS), new Reconciler() {
      @Override
      public void observe(Change change, ObjectNode previous, State state, Consumer<String> enqueue) {
        if (change.resource().equals(NAMESPACES.groupResource())) {
          enqueue.accept(Objects.name(change.object()));
        } else if (change.deleted() && Objects.name(change.object()).equals(ServiceAccountsDecider.DEFAULT)) {
          enqueue.accept(Objects.namespace(change.object()));
        }
      }

      @Override
      public Result reconcile(String ns, State state, long nowMs) {
        return ServiceAccountsDecider.missing(state.objects(NAMESPACES.groupResource()).get(ns),
                state.objects(SERVICE_ACCOUNTS.groupResource()).get(Objects.key(ns, ServiceAccountsDecider.DEFAULT)))
            .map(sa -> Result.of(List.of(ApiRequests.create(ApiRequests.collectionPath(SERVICE_ACCOUNTS, ns), sa,
                PRINCIPAL))))
            .orElse(Result.NOTHING);
      }
    });
  }
}
