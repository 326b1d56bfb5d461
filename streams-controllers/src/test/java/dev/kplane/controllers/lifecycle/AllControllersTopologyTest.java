package dev.kplane.controllers.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kplane.controllers.ControllerContext;
import dev.kplane.controllers.ControllerManager;
import dev.kplane.controllers.Controllers;
import dev.kplane.schemas.BuiltinResources;
import dev.kplane.schemas.Topics;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class AllControllersTopologyTest {
  @Test
  void shouldBuildEveryRegisteredControllerIntoOneTopologyReadingEachResourceTopicOnce() {
    var topology = ControllerManager.topology(new ControllerContext(new Topics("t"), 2), Controllers.ALL);
    long sources = topology.describe().subtopologies().stream().flatMap(s -> s.nodes().stream())
        .filter(n -> n instanceof TopologyDescription.Source src && src.topicSet().stream()
            .anyMatch(t -> !t.contains("-repartition")))
        .count();
    // every stored built-in type is read by the garbage collector or the namespace controller
    assertEquals(BuiltinResources.ALL_TYPES.stream().filter(t -> t.stored()).count(), sources);
  }
}
