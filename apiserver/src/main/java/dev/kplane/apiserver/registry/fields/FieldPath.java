package dev.kplane.apiserver.registry.fields;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Where a field is, rendered as kube's strict JSON decoder renders it: keys joined by dots (map keys too:
 * "metadata.labels.app"), list indexes in brackets ("spec.containers[0].name", "[1].path" for a JSON patch op).
 * A persistent list, so descending costs one small object and nothing is rendered unless reported.
 *
 * @param parent the enclosing path, null at the top
 * @param key the field name, or null for a list index
 * @param index the list index when key is null
 */
record FieldPath(FieldPath parent, String key, int index) implements Comparable<FieldPath> {
  static FieldPath field(FieldPath parent, String key) {
    return new FieldPath(parent, key, -1);
  }

  static FieldPath item(FieldPath parent, int index) {
    return new FieldPath(parent, null, index);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (FieldPath p : segments()) {
      if (p.key == null) {
        s.append('[').append(p.index).append(']');
      } else {
        s.append(s.isEmpty() ? "" : ".").append(p.key);
      }
    }
    return s.toString();
  }

  /** From the top down. */
  Deque<FieldPath> segments() {
    Deque<FieldPath> out = new ArrayDeque<>();
    for (FieldPath p = this; p != null; p = p.parent) {
      out.addFirst(p);
    }
    return out;
  }

  /**
   * The order in which a decoder meets the fields of a document whose object keys are sorted (what Go's JSON
   * encoding of a map produces): segment by segment, keys by string order, indexes by number, a prefix first.
   */
  @Override
  public int compareTo(FieldPath other) {
    Iterator<FieldPath> a = segments().iterator();
    Iterator<FieldPath> b = other.segments().iterator();
    while (a.hasNext() && b.hasNext()) {
      FieldPath x = a.next();
      FieldPath y = b.next();
      int c = x.key == null || y.key == null
          ? (x.key == null ? (y.key == null ? Integer.compare(x.index, y.index) : -1) : 1)
          : x.key.compareTo(y.key);
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(a.hasNext(), b.hasNext());
  }
}
