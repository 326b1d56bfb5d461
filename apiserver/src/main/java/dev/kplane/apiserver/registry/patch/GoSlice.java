package dev.kplane.apiserver.registry.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/**
 * A Go slice: a length over a backing array that other slices may share. strategicpatch deletes from and appends
 * to the live list in place, then orders the merged list by what the live list's own slice shows: after a
 * {@code $patch: delete}, an appended element sits in the deleted one's place there, and so is ordered among the
 * live elements. kube-apiserver's results depend on it (its tests pin it), so the merge works on this model
 * rather than on copies.
 */
final class GoSlice {
  private JsonNode[] array;
  private int length;

  private GoSlice(JsonNode[] array, int length) {
    this.array = array;
    this.length = length;
  }

  /**
   * A list as decoded JSON (or protobuf) holds it: grown by appending one element at a time, so its capacity is the
   * next power of two.
   */
  static GoSlice decoded(List<JsonNode> values) {
    int n = values.size();
    JsonNode[] array = new JsonNode[n <= 1 ? n : Integer.highestOneBit(n - 1) << 1];
    for (int i = 0; i < n; i++) {
      array[i] = values.get(i);
    }
    return new GoSlice(array, n);
  }

  /** Another slice over the same array, as Go copies a slice when passing it. */
  GoSlice header() {
    return new GoSlice(array, length);
  }

  int size() {
    return length;
  }

  JsonNode get(int i) {
    return array[i];
  }

  void set(int i, JsonNode v) {
    array[i] = v;
  }

  /** {@code s = append(s[:i], s[i+1:]...)}: the later elements move down in the shared array. */
  void removeAt(int i) {
    System.arraycopy(array, i + 1, array, i, length - i - 1);
    length--;
  }

  /** {@code s = append(s, values...)}: in place while the capacity lasts, else into a new array. */
  void append(List<JsonNode> values) {
    if (length + values.size() > array.length) {
      array = Arrays.copyOf(array, Math.max(length + values.size(), 2 * array.length));
    }
    for (JsonNode v : values) {
      array[length++] = v;
    }
  }

  /** {@code s = s[:n]}. */
  void truncate(int n) {
    length = n;
  }

  List<JsonNode> list() {
    return List.of(Arrays.copyOf(array, length));
  }
}
