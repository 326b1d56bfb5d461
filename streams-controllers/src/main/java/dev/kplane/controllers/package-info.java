/**
 * kplane's controller-manager: one Kafka Streams application, one sub-topology per controller.
 *
 * <p>To add a controller: implement {@link dev.kplane.controllers.Controller} whose {@code build} calls
 * {@link dev.kplane.controllers.streams.ReconcileProcessor#build} with its inputs (resource types, repartitioned by
 * namespace) and a {@link dev.kplane.controllers.streams.Reconciler} (event handlers that enqueue owner keys, and a
 * reconcile of one key that returns API requests), then add one line to {@link dev.kplane.controllers.Controllers}.
 * Keep decisions in pure functions (a {@code *Decider}) and table-test them; test the topology with
 * TopologyTestDriver on a builder of your own ({@code new ControllerContext(new Topics("t"), 1)}).
 * A controller that needs another grouping than the namespace builds its own sub-topology from
 * {@link dev.kplane.controllers.streams.Sources#repartitioned}.
 */
package dev.kplane.controllers;
