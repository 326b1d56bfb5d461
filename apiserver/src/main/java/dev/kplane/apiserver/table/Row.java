package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Arrays;
import java.util.List;

/**
 * The cells of one TableRow, as Go values: String, Long, Double, Boolean or null. conditions is null unless the
 * printer reports one (only pods do: a Completed condition for finished pods).
 */
record Row(List<Object> cells, ArrayNode conditions) {
  static Row of(Object... cells) {
    return new Row(Arrays.asList(cells), null);
  }
}
