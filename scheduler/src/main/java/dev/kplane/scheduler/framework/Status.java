package dev.kplane.scheduler.framework;

import java.util.List;

/**
 * A plugin's verdict ({@code framework.Status}): a code, the reasons shown to users, and the plugin that
 * produced it. Success is a shared constant so the hot path does not allocate.
 */
public final class Status {
    public enum Code {
        SUCCESS, ERROR, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE, WAIT, SKIP, PENDING
    }

    public static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null);
    public static final Status SKIP = new Status(Code.SKIP, List.of(), null);

    private final Code code;
    private final List<String> reasons;
    private final String plugin;

    private Status(Code code, List<String> reasons, String plugin) {
        this.code = code;
        this.reasons = reasons;
        this.plugin = plugin;
    }

    public static Status of(Code code, String... reasons) {
        return new Status(code, List.of(reasons), null);
    }

    public static Status unschedulable(String... reasons) {
        return of(Code.UNSCHEDULABLE, reasons);
    }

    public static Status unresolvable(String... reasons) {
        return of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, reasons);
    }

    public Status withPlugin(String plugin) {
        return new Status(code, reasons, plugin);
    }

    public Code code() {
        return code;
    }

    public List<String> reasons() {
        return reasons;
    }

    public String plugin() {
        return plugin;
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Unschedulable or UnschedulableAndUnresolvable. */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The reasons joined by ", ", as Status.Message(). */
    public String message() {
        return String.join(", ", reasons);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Status s && s.code == code && s.reasons.equals(reasons);
    }

    @Override
    public int hashCode() {
        return code.hashCode() * 31 + reasons.hashCode();
    }

    @Override
    public String toString() {
        return code + (reasons.isEmpty() ? "" : " " + reasons) + (plugin == null ? "" : " (" + plugin + ")");
    }
}
