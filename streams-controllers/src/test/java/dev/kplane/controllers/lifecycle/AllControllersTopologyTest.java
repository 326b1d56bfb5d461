package dev.kplane.controllers.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.ControllerManager;
import dev.kplane.controllers.Controllers;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.Topics;
import java.util.List;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class AllControllersTopologyTest {
  @Test
  void shouldBuildEveryRegisteredControllerIntoOneTopologyReadingEachResourceTopicOnce() {
    Topics topics = new Topics("t");
    var topology = ControllerManager.topology(new ControllerContext(topics, 2), Controllers.ALL);
    List<String> read = topology.describe().subtopologies().stream().flatMap(s -> s.nodes().stream())
        .filter(n -> n instanceof TopologyDescription.Source)
        .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream()).toList();
    // every stored built-in type is read (by the garbage collector or the namespace controller), once
    for (ResourceType t : BuiltinResources.ALL_TYPES) {
      if (t.stored()) {
        assertEquals(1, read.stream().filter(topics.resource(t)::equals).count(), topics.resource(t));
      }
    }
  }

  @Test
  void shouldRepartitionOnceAndStoreEachTypeOnceForAllNamespaceKeyedControllers() {
    Topics topics = new Topics("t");
    var description = ControllerManager.topology(new ControllerContext(topics, 2), Controllers.ALL).describe();
    List<String> repartitionSinks = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
        .filter(n -> n instanceof TopologyDescription.Sink)
        .map(n -> String.valueOf(((TopologyDescription.Sink) n).topic()))
        .filter(t -> t.endsWith("-repartition")).toList();
    // every input of the namespace-keyed controllers goes through one repartition topic; the node lifecycle
    // controller (keyed by node) and the failed replies have their own
    assertEquals(List.of("objects-repartition"), repartitionSinks.stream().filter(t -> t.startsWith("objects")).toList());
    assertEquals(List.of("failed-replies-repartition"), repartitionSinks.stream()
        .filter(t -> !t.startsWith("objects") && !t.startsWith("nodelifecycle-")).toList());
    assertEquals(1, repartitionSinks.stream().filter(t -> t.startsWith("nodelifecycle-") && t.contains("pods")).count());
    // one processor holds every shared store, once per type
    List<String> stores = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
        .filter(n -> n instanceof TopologyDescription.Processor)
        .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
        .filter(name -> name.startsWith("objects-")).toList();
    assertEquals(stores.size(), new java.util.HashSet<>(stores).size(), stores.toString());
    assertEquals(1, stores.stream().filter("objects-pods"::equals).count());
  }
}
