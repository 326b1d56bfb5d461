package dev.kplane.controllers;

import org.apache.kafka.streams.StreamsBuilder;

/**
 * One controller of the controller-manager: a part of the one Streams topology. {@link #build} adds the
 * controller's own sub-topology (its repartition topics, stores and reconciler, all named after {@link #name()})
 * to the shared builder; tests call the same method on a builder of their own.
 */
public interface Controller {
  /** Short lower-case name, the prefix of every topic and store the controller creates ("replicaset"). */
  String name();

  void build(StreamsBuilder builder, ControllerContext context);
}
