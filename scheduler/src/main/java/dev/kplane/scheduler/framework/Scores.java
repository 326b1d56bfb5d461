package dev.kplane.scheduler.framework;

/** Score helpers shared by plugins (kube's plugins/helper). */
public final class Scores {
    private Scores() {
    }

    /**
     * helper.DefaultNormalizeScore: scale to [0, maxPriority] by the highest score; reverse flips it
     * (for "fewer is better" counts). All zero stays zero, or becomes maxPriority when reversed.
     */
    public static void defaultNormalize(long maxPriority, boolean reverse, long[] scores) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        if (max == 0) {
            if (reverse) {
                java.util.Arrays.fill(scores, maxPriority);
            }
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long s = maxPriority * scores[i] / max;
            scores[i] = reverse ? maxPriority - s : s;
        }
    }
}
