package dev.kplane.apiserver.store;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line saying what the transaction machinery of a broker running in this JVM (kplane up's embedded Kafka,
 * the tests' broker) is doing: each thread's state and innermost Kafka frame, alike threads counted together.
 * Empty when the broker runs elsewhere. For the log line of a write the broker did not acknowledge in time, where
 * a full thread dump would not be seen.
 */
final class BrokerThreads {
  private static final List<String> PREFIXES = List.of("AddPartitionsToTxnSenderThread", "TxnMarkerSenderThread",
      "transaction-log-manager", "data-plane-kafka-request-handler", "group-coordinator-event-processor");

  private BrokerThreads() {}

  /** e.g. {AddPartitionsToTxnSenderThread-N=RUNNABLE in Selector.select, data-plane-kafka-request-handler-N=8 ...}. */
  static String summary() {
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      String name = thread.getName();
      if (PREFIXES.stream().anyMatch(name::startsWith)) {
        String where = thread.getState().toString();
        for (StackTraceElement frame : stack) {
          if (frame.getClassName().startsWith("org.apache.kafka") || frame.getClassName().startsWith("kafka.")) {
            where += " in " + frame.getClassName().replaceAll(".*\\.", "") + "." + frame.getMethodName();
            break;
          }
        }
        out.computeIfAbsent(name.replaceAll("\\d+", "N"), n -> new TreeMap<>()).merge(where, 1, Integer::sum);
      }
    });
    StringBuilder b = new StringBuilder();
    out.forEach((name, states) -> {
      b.append(b.length() == 0 ? "{" : ", ").append(name).append('=');
      StringBuilder s = new StringBuilder();
      states.forEach((where, n) -> s.append(s.length() == 0 ? "" : " | ").append(n > 1 ? n + " " : "").append(where));
      b.append(s);
    });
    return b.length() == 0 ? "" : b.append('}').toString();
  }
}
