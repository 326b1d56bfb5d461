package dev.kplane.scheduler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kplane.scheduler.framework.Plugin;
import dev.kplane.scheduler.framework.PostFilter;
import dev.kplane.scheduler.framework.Profile;
import dev.kplane.scheduler.plugins.Registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube-scheduler's {@code KubeSchedulerConfiguration} (kubescheduler.config.k8s.io/v1) turned into
 * profiles: the v1 default plugins merged with each profile's plugins, MultiPoint expanded to the
 * extension points each plugin implements, Score weights, pluginConfig args, percentageOfNodesToScore.
 */
public final class SchedulerConfiguration {
    public static final String API_VERSION = "kubescheduler.config.k8s.io/v1";
    public static final String KIND = "KubeSchedulerConfiguration";
    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    /** The extension points this scheduler runs, in config spelling. */
    static final List<String> EXTENSION_POINTS = List.of("preEnqueue", "queueSort", "preFilter", "filter", "postFilter", "preScore", "score");

    /**
     * v1 getDefaultPlugins' MultiPoint list (v1.32). Plugins kplane does not implement (volume plugins,
     * ImageLocality, DefaultBinder) are left out here; see
     * {@link Registry#NOT_IMPLEMENTED}.
     */
    static final PluginSet DEFAULT_MULTI_POINT = new PluginSet(List.of(
            new PluginSet.Enabled("SchedulingGates", 0),
            new PluginSet.Enabled("PrioritySort", 0),
            new PluginSet.Enabled("NodeUnschedulable", 0),
            new PluginSet.Enabled("NodeName", 0),
            new PluginSet.Enabled("TaintToleration", 3),
            new PluginSet.Enabled("NodeAffinity", 2),
            new PluginSet.Enabled("NodePorts", 0),
            new PluginSet.Enabled("NodeResourcesFit", 1),
            new PluginSet.Enabled("PodTopologySpread", 2),
            new PluginSet.Enabled("InterPodAffinity", 2),
            new PluginSet.Enabled("DefaultPreemption", 0),
            new PluginSet.Enabled("NodeResourcesBalancedAllocation", 1)), List.of());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SchedulerConfiguration() {
    }

    /** One profile: "default-scheduler" with the default plugins. */
    public static List<Profile> defaults() {
        return List.of(defaultProfile(DEFAULT_SCHEDULER_NAME));
    }

    public static Profile defaultProfile(String schedulerName) {
        return build(schedulerName, Map.of(), Map.of(), 0);
    }

    public static List<Profile> load(Path yaml) {
        try {
            return parse(Files.readString(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a KubeSchedulerConfiguration document; no profiles means the default profile. */
    public static List<Profile> parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid KubeSchedulerConfiguration: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return defaults();
        }
        String apiVersion = root.path("apiVersion").asText("");
        if (!apiVersion.isEmpty() && !API_VERSION.equals(apiVersion)) {
            throw new IllegalArgumentException("unsupported apiVersion \"" + apiVersion + "\", want " + API_VERSION);
        }
        String kind = root.path("kind").asText("");
        if (!kind.isEmpty() && !KIND.equals(kind)) {
            throw new IllegalArgumentException("unsupported kind \"" + kind + "\", want " + KIND);
        }
        int globalPercentage = root.path("percentageOfNodesToScore").asInt(0);
        checkPercentage(globalPercentage, "percentageOfNodesToScore");
        JsonNode profiles = root.path("profiles");
        if (!profiles.isArray() || profiles.isEmpty()) {
            return List.of(build(DEFAULT_SCHEDULER_NAME, Map.of(), Map.of(), globalPercentage));
        }
        List<Profile> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode p : profiles) {
            String name = p.path("schedulerName").asText(DEFAULT_SCHEDULER_NAME);
            if (name.isEmpty()) {
                name = DEFAULT_SCHEDULER_NAME;
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("profiles[].schedulerName: Duplicate value: \"" + name + "\"");
            }
            int percentage = p.has("percentageOfNodesToScore") ? p.get("percentageOfNodesToScore").asInt() : globalPercentage;
            checkPercentage(percentage, "profiles[].percentageOfNodesToScore");
            out.add(build(name, pluginSets(p.path("plugins")), pluginConfig(p.path("pluginConfig")), percentage));
        }
        return List.copyOf(out);
    }

    private static void checkPercentage(int percentage, String field) {
        if (percentage < 0 || percentage > 100) {
            throw new IllegalArgumentException(field + ": Invalid value: " + percentage + ": not in valid range [0-100]");
        }
    }

    private static Map<String, PluginSet> pluginSets(JsonNode plugins) {
        Map<String, PluginSet> sets = new HashMap<>();
        plugins.fields().forEachRemaining(e -> {
            List<PluginSet.Enabled> enabled = new ArrayList<>();
            for (JsonNode en : e.getValue().path("enabled")) {
                enabled.add(new PluginSet.Enabled(en.path("name").asText(), en.path("weight").asInt(0)));
            }
            List<String> disabled = new ArrayList<>();
            for (JsonNode d : e.getValue().path("disabled")) {
                disabled.add(d.path("name").asText());
            }
            sets.put(e.getKey(), new PluginSet(List.copyOf(enabled), List.copyOf(disabled)));
        });
        return sets;
    }

    private static Map<String, JsonNode> pluginConfig(JsonNode config) {
        Map<String, JsonNode> args = new HashMap<>();
        for (JsonNode c : config) {
            args.put(c.path("name").asText(), c.path("args"));
        }
        return args;
    }

    /** Builds one profile as NewFramework does from the merged plugin sets. */
    static Profile build(String schedulerName, Map<String, PluginSet> custom, Map<String, JsonNode> args, int percentage) {
        PluginSet multiPoint = PluginSet.merge(DEFAULT_MULTI_POINT, custom.getOrDefault("multiPoint", PluginSet.EMPTY));
        Map<String, PluginSet> points = new LinkedHashMap<>();
        for (String point : EXTENSION_POINTS) {
            points.put(point, PluginSet.merge(PluginSet.EMPTY, custom.getOrDefault(point, PluginSet.EMPTY)));
        }
        Map<String, Plugin> instances = new HashMap<>();
        List<PluginSet.Enabled> all = new ArrayList<>(multiPoint.enabled());
        points.values().forEach(s -> all.addAll(s.enabled()));
        for (PluginSet.Enabled e : all) {
            if (!instances.containsKey(e.name())) {
                Plugin p = Registry.create(e.name(), args.get(e.name()));
                if (p != null) {
                    instances.put(e.name(), p);
                }
            }
        }
        Profile.Builder b = Profile.builder(schedulerName).percentageOfNodesToScore(percentage);
        Map<String, List<Plugin>> expanded = new LinkedHashMap<>();
        for (String point : EXTENSION_POINTS) {
            expanded.put(point, expand(point, points.get(point), multiPoint, instances));
        }
        List<Plugin> queueSorts = expanded.get("queueSort");
        if (queueSorts.size() != 1) {
            throw new IllegalArgumentException("profile \"" + schedulerName + "\": one queue sort plugin required, got " + queueSorts.size());
        }
        b.queueSort((Plugin.QueueSort) queueSorts.get(0));
        expanded.get("preEnqueue").forEach(p -> b.preEnqueue((Plugin.PreEnqueue) p));
        expanded.get("preFilter").forEach(p -> b.preFilter((Plugin.PreFilter) p));
        expanded.get("filter").forEach(p -> b.filter((Plugin.Filter) p));
        expanded.get("preScore").forEach(p -> b.preScore((Plugin.PreScore) p));
        Map<String, Integer> weights = scoreWeights(points.get("score"), multiPoint);
        expanded.get("score").forEach(p -> b.score((Plugin.Score) p, weights.getOrDefault(p.name(), 1)));
        List<Plugin> postFilters = expanded.get("postFilter");
        if (postFilters.size() > 1) {
            throw new IllegalArgumentException("profile \"" + schedulerName + "\": at most one PostFilter plugin is supported");
        }
        if (!postFilters.isEmpty()) {
            b.postFilter((PostFilter) postFilters.get(0));
        }
        return b.build();
    }

    /**
     * expandMultiPointPlugins: the point's own plugins that also come through MultiPoint keep their
     * order first, then MultiPoint's, then the rest of the point's own; a point's "*" or a disabled
     * name removes MultiPoint plugins from it.
     */
    private static List<Plugin> expand(String point, PluginSet own, PluginSet multiPoint, Map<String, Plugin> instances) {
        Set<String> enabled = new LinkedHashSet<>();
        own.enabled().forEach(e -> enabled.add(e.name()));
        Set<String> order = new LinkedHashSet<>();
        if (!own.disabled().contains("*")) {
            Set<String> overrides = new LinkedHashSet<>();
            Set<String> fromMultiPoint = new LinkedHashSet<>();
            for (PluginSet.Enabled e : multiPoint.enabled()) {
                Plugin p = instances.get(e.name());
                if (p == null || !implementsPoint(p, point) || own.disabled().contains(e.name())) {
                    continue;
                }
                if (enabled.contains(e.name())) {
                    overrides.add(e.name());
                } else if (!fromMultiPoint.add(e.name())) {
                    throw new IllegalArgumentException("plugin \"" + e.name() + "\" already registered as \"" + point + "\"");
                }
            }
            order.addAll(overrides);
            order.addAll(fromMultiPoint);
        }
        order.addAll(enabled);
        List<Plugin> out = new ArrayList<>();
        for (String name : order) {
            Plugin p = instances.get(name);
            if (p == null) {
                continue;
            }
            if (!implementsPoint(p, point)) {
                throw new IllegalArgumentException("plugin \"" + name + "\" does not extend " + point + " plugin");
            }
            out.add(p);
        }
        return out;
    }

    /** getScoreWeights: a Score-point weight wins over the MultiPoint one; 0 means 1. */
    private static Map<String, Integer> scoreWeights(PluginSet score, PluginSet multiPoint) {
        Map<String, Integer> weights = new HashMap<>();
        List<PluginSet.Enabled> all = new ArrayList<>(score.enabled());
        all.addAll(multiPoint.enabled());
        for (PluginSet.Enabled e : all) {
            weights.putIfAbsent(e.name(), e.weight() == 0 ? 1 : e.weight());
        }
        return weights;
    }

    static boolean implementsPoint(Plugin p, String point) {
        return switch (point) {
            case "preEnqueue" -> p instanceof Plugin.PreEnqueue;
            case "queueSort" -> p instanceof Plugin.QueueSort;
            case "preFilter" -> p instanceof Plugin.PreFilter;
            case "filter" -> p instanceof Plugin.Filter;
            case "postFilter" -> p instanceof PostFilter;
            case "preScore" -> p instanceof Plugin.PreScore;
            case "score" -> p instanceof Plugin.Score;
            default -> false;
        };
    }
}
