package dev.kplane.apiserver.registry.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of field paths (structured-merge-diff's fieldpath.Set), kept as a trie: the members are the paths that end
 * at this node, the children the subsets below one more path element. A path can be a member and have children too:
 * owning a list item (its {@code .}) and some of its fields are two claims. The set operations return new sets and
 * never change their operands.
 */
public final class FieldSet {
  private final NavigableSet<PathElement> members = new TreeSet<>();
  private final NavigableMap<PathElement, FieldSet> children = new TreeMap<>();

  public static FieldSet of(List<List<PathElement>> paths) {
    FieldSet s = new FieldSet();
    paths.forEach(s::insert);
    return s;
  }

  /** Adds a path (a non-empty one: the root is never a member). */
  public void insert(List<PathElement> path) {
    FieldSet s = this;
    for (int i = 0; i < path.size() - 1; i++) {
      s = s.children.computeIfAbsent(path.get(i), k -> new FieldSet());
    }
    s.members.add(path.get(path.size() - 1));
  }

  public boolean has(List<PathElement> path) {
    FieldSet s = this;
    for (int i = 0; i < path.size() - 1; i++) {
      s = s.children.get(path.get(i));
      if (s == null) {
        return false;
      }
    }
    return !path.isEmpty() && s.members.contains(path.get(path.size() - 1));
  }

  public boolean isEmpty() {
    return members.isEmpty() && children.values().stream().allMatch(FieldSet::isEmpty);
  }

  NavigableSet<PathElement> members() {
    return members;
  }

  NavigableMap<PathElement, FieldSet> children() {
    return children;
  }

  /** The subset below a path element, or an empty set. */
  public FieldSet withPrefix(PathElement pe) {
    FieldSet s = children.get(pe);
    return s == null ? new FieldSet() : s;
  }

  public FieldSet union(FieldSet o) {
    FieldSet out = copy();
    out.members.addAll(o.members);
    o.children.forEach((pe, s) -> out.children.merge(pe, s.copy(), FieldSet::union));
    return out;
  }

  public FieldSet intersection(FieldSet o) {
    FieldSet out = new FieldSet();
    members.stream().filter(o.members::contains).forEach(out.members::add);
    children.forEach((pe, s) -> {
      FieldSet other = o.children.get(pe);
      if (other != null) {
        FieldSet i = s.intersection(other);
        if (!i.isEmpty()) {
          out.children.put(pe, i);
        }
      }
    });
    return out;
  }

  /** This set without the paths of o; a member of o does not remove what lies below it here. */
  public FieldSet difference(FieldSet o) {
    return minus(o, false);
  }

  /** This set without the paths of o and without everything below a member of o. */
  public FieldSet recursiveDifference(FieldSet o) {
    return minus(o, true);
  }

  private FieldSet minus(FieldSet o, boolean recursive) {
    FieldSet out = new FieldSet();
    members.stream().filter(pe -> !o.members.contains(pe)).forEach(out.members::add);
    children.forEach((pe, s) -> {
      if (recursive && o.members.contains(pe)) {
        return;
      }
      FieldSet other = o.children.get(pe);
      if (other == null) {
        out.children.put(pe, s.copy());
        return;
      }
      FieldSet d = s.minus(other, recursive);
      if (!d.isEmpty()) {
        out.children.put(pe, d);
      }
    });
    return out;
  }

  /**
   * The set with every struct field that has children also a member (EnsureNamedFieldsAreMembers): removing the
   * items a manager owned must remove a struct field it set, though the field set names only its leaves.
   */
  FieldSet withNamedFieldsAsMembers(TypeNode type) {
    FieldSet out = new FieldSet();
    out.members.addAll(members);
    children.forEach((pe, s) -> {
      TypeNode child = type == null ? null : type.child(pe);
      if (pe.field() != null && type instanceof TypeNode.Struct st && st.hasField(pe.field())) {
        out.members.add(pe);
      }
      out.children.put(pe, s.withNamedFieldsAsMembers(child));
    });
    return out;
  }

  /** Every path, members before the paths below them, in order. */
  public List<List<PathElement>> paths() {
    List<List<PathElement>> out = new ArrayList<>();
    iterate(new ArrayList<>(), out::add);
    return out;
  }

  private void iterate(List<PathElement> prefix, Consumer<List<PathElement>> f) {
    for (PathElement pe : members) {
      List<PathElement> p = new ArrayList<>(prefix);
      p.add(pe);
      f.accept(List.copyOf(p));
    }
    for (Map.Entry<PathElement, FieldSet> e : children.entrySet()) {
      prefix.add(e.getKey());
      e.getValue().iterate(prefix, f);
      prefix.remove(prefix.size() - 1);
    }
  }

  FieldSet copy() {
    FieldSet out = new FieldSet();
    out.members.addAll(members);
    children.forEach((pe, s) -> out.children.put(pe, s.copy()));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet s && paths().equals(s.paths());
  }

  @Override
  public int hashCode() {
    return paths().hashCode();
  }

  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    paths().forEach(p -> out.add(PathElement.pathString(p)));
    return String.join("\n", out);
  }
}
