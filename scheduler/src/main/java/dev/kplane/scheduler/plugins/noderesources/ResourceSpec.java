package dev.kplane.scheduler.plugins.noderesources;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** A resource to score with its weight (config.ResourceSpec); weight 0 in a config defaults to 1. */
public record ResourceSpec(String name, long weight) {
    public static final List<ResourceSpec> DEFAULT = List.of(new ResourceSpec("cpu", 1), new ResourceSpec("memory", 1));

    static List<ResourceSpec> parse(JsonNode resources) {
        if (resources == null || !resources.isArray() || resources.isEmpty()) {
            return DEFAULT;
        }
        List<ResourceSpec> out = new ArrayList<>();
        for (JsonNode r : resources) {
            long w = r.path("weight").asLong(0);
            out.add(new ResourceSpec(r.path("name").asText(), w == 0 ? 1 : w));
        }
        return List.copyOf(out);
    }
}
