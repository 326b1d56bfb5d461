package dev.kplane.scheduler.config;

import dev.kplane.scheduler.framework.Profile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SchedulerConfigurationTest {

    @Test
    void defaultProfileHasKubesPluginsAndWeights() {
        Profile p = SchedulerConfiguration.defaults().get(0);
        assertEquals("default-scheduler", p.schedulerName());
        assertEquals(List.of("NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit",
                "PodTopologySpread", "InterPodAffinity"), p.pluginNames("filter"));
        assertEquals(List.of("TaintToleration", "NodeAffinity", "NodeResourcesFit", "PodTopologySpread", "InterPodAffinity",
                "NodeResourcesBalancedAllocation"), p.pluginNames("score"));
        assertEquals(List.of(3, 2, 1, 2, 2, 1), p.pluginNames("score").stream().map(p::weight).toList());
        assertEquals(List.of("DefaultPreemption"), p.pluginNames("postFilter"));
    }

    @Test
    void profilesOverrideDisableAndReweightPlugins() {
        List<Profile> profiles = SchedulerConfiguration.parse("""
                apiVersion: kubescheduler.config.k8s.io/v1
                kind: KubeSchedulerConfiguration
                percentageOfNodesToScore: 30
                profiles:
                - schedulerName: default-scheduler
                - schedulerName: bin-packing
                  percentageOfNodesToScore: 100
                  plugins:
                    score:
                      disabled:
                      - name: PodTopologySpread
                      enabled:
                      - name: NodeResourcesFit
                        weight: 5
                    multiPoint:
                      disabled:
                      - name: InterPodAffinity
                  pluginConfig:
                  - name: NodeResourcesFit
                    args:
                      scoringStrategy:
                        type: MostAllocated
                        resources:
                        - name: cpu
                          weight: 1
                """);
        assertEquals(List.of("default-scheduler", "bin-packing"), profiles.stream().map(Profile::schedulerName).toList());
        assertEquals(30, profiles.get(0).percentageOfNodesToScore());
        Profile binPacking = profiles.get(1);
        assertEquals(100, binPacking.percentageOfNodesToScore());
        assertEquals(List.of("NodeResourcesFit", "TaintToleration", "NodeAffinity", "NodeResourcesBalancedAllocation"), binPacking.pluginNames("score"));
        assertEquals(5, binPacking.weight("NodeResourcesFit"));
        assertEquals(List.of("NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit",
                "PodTopologySpread"), binPacking.pluginNames("filter"));
    }

    @Test
    void rejectsUnknownPluginsAndBadPercentages() {
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfiguration.parse("""
                profiles:
                - plugins:
                    filter:
                      enabled:
                      - name: NoSuchPlugin
                """));
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfiguration.parse("percentageOfNodesToScore: 101"));
    }
}
