package dev.kplane.proxy.nft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * nft scripts, each applied as one transaction with {@code nft -f}: a full one that replaces the whole table, and an
 * update that only touches what changed between two rulesets.
 */
final class NftScript {
  private NftScript() {}

  /** Replaces the table atomically: adding it first makes the delete valid when it does not exist yet. */
  static String full(NftConfig c, Ruleset r) {
    String t = "ip " + c.table();
    List<String> l = new ArrayList<>();
    l.add("add table " + t);
    l.add("delete table " + t);
    l.addAll(NftRules.base(c));
    r.affinitySets().forEach((name, timeout) -> l.add(addAffinitySet(t, name, timeout)));
    r.chains().keySet().forEach(chain -> l.add("add chain " + t + " " + chain));
    r.chains().forEach((chain, rules) -> rules.forEach(rule -> l.add("add rule " + t + " " + chain + " " + rule)));
    r.elements().forEach((map, elements) -> elements.values().forEach(e -> l.add(addElement(t, map, e))));
    return lines(l);
  }

  /**
   * The transaction from {@code old} to {@code now}. Chains that are no longer used are flushed, not deleted: a map
   * element that pointed at them may still hold a reference for a moment on kernels before 6.2 (as kube-proxy found),
   * so the caller deletes them in a later update, passing them as {@code deleteChains}. An affinity set whose timeout
   * changed cannot be altered in place; the caller does a full sync instead ({@link #needsFull}).
   */
  static String update(NftConfig c, Ruleset old, Ruleset now, Collection<String> deleteChains) {
    String t = "ip " + c.table();
    List<String> l = new ArrayList<>();
    now.affinitySets().forEach((name, timeout) -> {
      if (!old.affinitySets().containsKey(name)) {
        l.add(addAffinitySet(t, name, timeout));
      }
    });
    now.chains().keySet().stream().filter(ch -> !old.chains().containsKey(ch))
        .forEach(ch -> l.add("add chain " + t + " " + ch));
    now.chains().forEach((chain, rules) -> {
      List<String> before = old.chains().get(chain);
      if (!rules.equals(before)) {
        if (before != null) {
          l.add("flush chain " + t + " " + chain);
        }
        rules.forEach(rule -> l.add("add rule " + t + " " + chain + " " + rule));
      }
    });
    for (var entry : now.elements().entrySet()) {
      String map = entry.getKey();
      SortedMap<String, Element> before = old.elements().getOrDefault(map, new TreeMap<>());
      for (Element e : before.values()) {
        if (!e.equals(entry.getValue().get(e.key()))) {
          l.add("delete element " + t + " " + map + " { " + e.key() + " }");
        }
      }
      for (Element e : entry.getValue().values()) {
        if (!e.equals(before.get(e.key()))) {
          l.add(addElement(t, map, e));
        }
      }
    }
    old.chains().keySet().stream().filter(ch -> !now.chains().containsKey(ch))
        .forEach(ch -> l.add("flush chain " + t + " " + ch));
    old.affinitySets().keySet().stream().filter(s -> !now.affinitySets().containsKey(s))
        .forEach(s -> l.add("delete set " + t + " " + s));
    deleteChains.stream().filter(ch -> !now.chains().containsKey(ch))
        .forEach(ch -> l.add("delete chain " + t + " " + ch));
    return lines(l);
  }

  static boolean needsFull(Ruleset old, Ruleset now) {
    for (Map.Entry<String, Integer> e : now.affinitySets().entrySet()) {
      Integer before = old.affinitySets().get(e.getKey());
      if (before != null && !Objects.equals(before, e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static String addAffinitySet(String t, String name, int timeoutSeconds) {
    return "add set " + t + " " + name + " { type ipv4_addr ; flags dynamic,timeout ; timeout " + timeoutSeconds + "s ; }";
  }

  private static String addElement(String t, String map, Element e) {
    return "add element " + t + " " + map + " { " + e.render() + " }";
  }

  private static String lines(List<String> l) {
    return l.isEmpty() ? "" : String.join("\n", l) + "\n";
  }
}
