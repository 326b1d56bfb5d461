package dev.kplane.controllers;

import dev.kplane.controllers.deployment.DeploymentController;
import dev.kplane.controllers.replicaset.ReplicaSetController;
import java.util.List;

/** The controllers the manager knows, in the order they are added to the topology. Add a controller here. */
public final class Controllers {
  public static final List<Controller> ALL = List.of(
      new ReplicaSetController(),
      ReplicaSetController.replicationControllers(),
      new DeploymentController());

  private Controllers() {}
}
