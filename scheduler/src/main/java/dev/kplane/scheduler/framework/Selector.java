package dev.kplane.scheduler.framework;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled label selector ({@code metav1.LabelSelectorAsSelector}): built once per pod so matching in
 * the per-node loop is a few map look-ups. A null selector selects nothing, an empty one everything.
 */
public final class Selector {
    public static final Selector NOTHING = new Selector(null);
    public static final Selector EVERYTHING = new Selector(List.of());

    /** null means "matches nothing". */
    private final List<Requirement> requirements;

    private Selector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    public static Selector of(LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> reqs.add(new Requirement(k, Operator.IN, Set.of(v))));
        }
        for (LabelSelectorRequirement r : Resource.list(selector.getMatchExpressions())) {
            reqs.add(new Requirement(r.getKey(), Operator.parse(r.getOperator()),
                    r.getValues() == null ? Set.of() : new HashSet<>(r.getValues())));
        }
        return reqs.isEmpty() ? EVERYTHING : new Selector(List.copyOf(reqs));
    }

    /** A selector of exactly these labels (matchLabels only); empty map selects everything. */
    public static Selector ofLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        labels.forEach((k, v) -> reqs.add(new Requirement(k, Operator.IN, Set.of(v))));
        return new Selector(List.copyOf(reqs));
    }

    /** A selector with the requirements of both (used to add matchLabelKeys values). */
    public Selector and(Selector other) {
        if (requirements == null || other.requirements == null) {
            return NOTHING;
        }
        List<Requirement> reqs = new ArrayList<>(requirements);
        reqs.addAll(other.requirements);
        return new Selector(List.copyOf(reqs));
    }

    public boolean matches(Map<String, String> labels) {
        if (requirements == null) {
            return false;
        }
        for (int i = 0, n = requirements.size(); i < n; i++) {
            if (!requirements.get(i).matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return requirements != null && requirements.isEmpty();
    }

    public boolean isNothing() {
        return requirements == null;
    }

    public enum Operator {
        IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GT, LT;

        public static Operator parse(String s) {
            return switch (s) {
                case "In" -> IN;
                case "NotIn" -> NOT_IN;
                case "Exists" -> EXISTS;
                case "DoesNotExist" -> DOES_NOT_EXIST;
                case "Gt" -> GT;
                case "Lt" -> LT;
                default -> throw new IllegalArgumentException("\"" + s + "\" is not a valid label selector operator");
            };
        }
    }

    /** One requirement, as labels.Requirement.Matches: NotIn and DoesNotExist match an absent key. */
    public record Requirement(String key, Operator operator, Set<String> values) {
        public boolean matches(Map<String, String> labels) {
            String v = labels == null ? null : labels.get(key);
            return switch (operator) {
                case IN -> v != null && values.contains(v);
                case NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
                case GT, LT -> v != null && compare(v);
            };
        }

        private boolean compare(String v) {
            if (values.size() != 1) {
                return false;
            }
            try {
                long have = Long.parseLong(v);
                long want = Long.parseLong(values.iterator().next());
                return operator == Operator.GT ? have > want : have < want;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
