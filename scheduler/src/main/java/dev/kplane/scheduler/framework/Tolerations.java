package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;

/** core/v1 helper's toleration matching, shared by TaintToleration, NodeUnschedulable and PodTopologySpread. */
public final class Tolerations {
    private Tolerations() {
    }

    /** Toleration.ToleratesTaint: empty effect and empty key match any; Exists ignores the value. */
    public static boolean tolerates(Toleration t, String taintKey, String taintValue, String taintEffect) {
        String effect = t.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taintEffect)) {
            return false;
        }
        String key = t.getKey();
        if (key != null && !key.isEmpty() && !key.equals(taintKey)) {
            return false;
        }
        String op = t.getOperator();
        if (op == null || op.isEmpty() || "Equal".equals(op)) {
            return nullToEmpty(t.getValue()).equals(nullToEmpty(taintValue));
        }
        return "Exists".equals(op);
    }

    public static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        return tolerates(tolerations, taint.getKey(), taint.getValue(), taint.getEffect());
    }

    /** TolerationsTolerateTaint. */
    public static boolean tolerates(List<Toleration> tolerations, String key, String value, String effect) {
        if (tolerations == null) {
            return false;
        }
        for (int i = 0, n = tolerations.size(); i < n; i++) {
            if (tolerates(tolerations.get(i), key, value, effect)) {
                return true;
            }
        }
        return false;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
