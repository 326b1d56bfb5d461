package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One handler of printers.go: its column definitions and the function that computes a row. kube-apiserver always
 * prints with Wide set, so rows carry the priority-1 cells too and kubectl picks the columns to show.
 */
record Printer(List<Column> columns, RowFunction row) {
  @FunctionalInterface
  interface RowFunction {
    Row print(JsonNode object, Instant now);
  }

  static Printer of(RowFunction row, Column... columns) {
    return new Printer(List.of(columns), row);
  }
}
