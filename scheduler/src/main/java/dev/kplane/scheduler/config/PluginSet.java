package dev.kplane.scheduler.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One extension point's {@code enabled} (name + optional weight) and {@code disabled} lists. */
public record PluginSet(List<Enabled> enabled, List<String> disabled) {
    public static final PluginSet EMPTY = new PluginSet(List.of(), List.of());

    /** A plugin as listed in a config; weight 0 means "not given". */
    public record Enabled(String name, int weight) {
    }

    /**
     * v1's mergePluginSet: the defaults minus the disabled ones ("*" disables all), a default that the
     * user lists again is replaced in place (keeping its position), then the user's other plugins.
     */
    public static PluginSet merge(PluginSet defaults, PluginSet custom) {
        Set<String> disabled = new LinkedHashSet<>(custom.disabled);
        disabled.addAll(defaults.disabled);
        Map<String, Integer> customIndex = new HashMap<>();
        for (int i = 0; i < custom.enabled.size(); i++) {
            customIndex.put(custom.enabled.get(i).name(), i);
        }
        Set<Integer> replaced = new HashSet<>();
        List<Enabled> enabled = new ArrayList<>();
        if (!disabled.contains("*")) {
            for (Enabled d : defaults.enabled) {
                if (disabled.contains(d.name())) {
                    continue;
                }
                Integer i = customIndex.get(d.name());
                if (i != null) {
                    replaced.add(i);
                    enabled.add(custom.enabled.get(i));
                } else {
                    enabled.add(d);
                }
            }
        }
        for (int i = 0; i < custom.enabled.size(); i++) {
            if (!replaced.contains(i)) {
                enabled.add(custom.enabled.get(i));
            }
        }
        return new PluginSet(List.copyOf(enabled), List.copyOf(disabled));
    }
}
