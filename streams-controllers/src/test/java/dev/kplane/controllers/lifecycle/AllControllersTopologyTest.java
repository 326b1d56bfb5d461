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
}
