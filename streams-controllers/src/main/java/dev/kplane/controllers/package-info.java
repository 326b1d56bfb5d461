/**
 * kplane's controller-manager: one Kafka Streams application; the controllers that group their inputs by namespace
 * share one sub-topology, one repartition topic for all their inputs and one store per resource type (kube's shared
 * informers).
 *
 * <p>To add a controller: implement {@link dev.kplane.controllers.Controller} whose {@code build} calls
 * {@link dev.kplane.controllers.streams.ReconcileProcessor#build} with its inputs (resource types, repartitioned by
 * namespace) and a {@link dev.kplane.controllers.streams.Reconciler} (event handlers that enqueue owner keys, and a
 * reconcile of one key that returns API requests), then add one line to {@link dev.kplane.controllers.Controllers}.
 * Keep decisions in pure functions (a {@code *Decider}) and table-test them; test the topology with
 * TopologyTestDriver over {@code ControllerManager.topology(new ControllerContext(new Topics("t"), 1), controllers)}.
 * A controller that needs another grouping than the namespace builds its own sub-topology from
 * {@link dev.kplane.controllers.streams.Sources#changes}, as the node lifecycle controller does.
 */
package dev.kplane.controllers;
