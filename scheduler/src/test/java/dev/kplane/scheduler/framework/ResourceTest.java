package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import static dev.kplane.scheduler.testing.Fixtures.pod;
import static dev.kplane.scheduler.testing.Fixtures.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ResourceTest {

    @Test
    void initContainersCountByTheirLargestStepAndSidecarsAddUp() {
        Pod p = pod("p", "cpu", "500m", "memory", "1Gi").toBuilder().editSpec()
                .addNewInitContainer().withName("init").withNewResources().withRequests(resources("cpu", "2", "memory", "100Mi")).endResources().endInitContainer()
                .addNewInitContainer().withName("sidecar").withRestartPolicy("Always").withNewResources().withRequests(resources("cpu", "250m")).endResources().endInitContainer()
                .withOverhead(resources("cpu", "10m"))
                .endSpec().build();
        Resource r = Resource.podRequests(p);
        // init step 2 cpu vs containers 500m + sidecar 250m = 750m: max is 2000m, plus 10m overhead
        assertEquals(2010, r.milliCpu());
        assertEquals(1024L * 1024 * 1024, r.memory());
    }

    @Test
    void nonZeroRequestsDefaultMissingCpuAndMemory() {
        PodInfo p = new PodInfo(pod("p").build());
        assertEquals(0, p.requests().milliCpu());
        assertEquals(Resource.DEFAULT_MILLI_CPU_REQUEST, p.nonZeroMilliCpu());
        assertEquals(Resource.DEFAULT_MEMORY_REQUEST, p.nonZeroMemory());
    }

    @Test
    void quantitiesRoundUpLikeApimachinery() {
        Resource r = Resource.of(resources("cpu", "0.0001", "memory", "1.5", "example.com/gpu", "2", "hugepages-2Mi", "4Mi", "foo", "3"));
        assertEquals(1, r.milliCpu());
        assertEquals(2, r.memory());
        assertEquals(2, r.scalar("example.com/gpu"));
        assertEquals(4L * 1024 * 1024, r.scalar("hugepages-2Mi"));
        assertEquals(0, r.scalar("foo"));
    }

    @Test
    void nodeInfoAddAndRemoveKeepTotals() {
        NodeInfo n = new NodeInfo(dev.kplane.scheduler.testing.Fixtures.node("n", "cpu", "4"));
        Pod a = pod("a", "cpu", "1");
        Pod b = pod("b", "cpu", "2");
        n.addPod(a);
        n.addPod(b);
        NodeInfo copy = n.copy();
        n.removePod(a);
        assertEquals(2000, n.requested().milliCpu());
        assertEquals(1, n.pods().size());
        assertEquals(3000, copy.requested().milliCpu());
        assertEquals(2, copy.pods().size());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"500m,500", "2,2000", "0.1,100", "1.5Gi,1610612736000", "100M,100000000000", "1e3,1000000",
            "1u,1", "0.0001,1", "128974848,128974848000", "129e6,129000000000", "123Mi,128974848000", "10P,10000000000000000000"})
    void parsesQuantitiesToThousandthsRoundingUp(String quantity, String expectedMilli) {
        var q = new io.fabric8.kubernetes.api.model.Quantity(quantity);
        java.math.BigDecimal exact = io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(q).multiply(java.math.BigDecimal.valueOf(1000))
                .setScale(0, java.math.RoundingMode.CEILING);
        assertEquals(new java.math.BigDecimal(expectedMilli), exact);
        assertEquals(exact.unscaledValue().bitLength() < 63 ? exact.longValueExact() : Long.MAX_VALUE, Quantities.milliUnits(q));
    }
}
