package dev.kplane.proxy.nft;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The per-service part of the table: service and endpoint chains with their rules, affinity sets (name → timeout in
 * seconds), and the elements of the dispatch sets and maps (set or map name → key → element). Comparing two of
 * these gives the minimal transaction between them.
 */
record Ruleset(Map<String, List<String>> chains, Map<String, Integer> affinitySets,
    Map<String, SortedMap<String, Element>> elements) {

  static final Ruleset EMPTY = new Ruleset(Map.of(), Map.of(), Map.of());

  Ruleset {
    chains = Collections.unmodifiableMap(chains);
    affinitySets = Collections.unmodifiableMap(affinitySets);
    elements = Collections.unmodifiableMap(elements);
  }
}
