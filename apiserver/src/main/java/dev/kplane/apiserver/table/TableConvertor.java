package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.time.Instant;
import java.util.List;

/**
 * Turns objects into a meta.k8s.io Table (kube-apiserver's rest.TableConvertor followed by the handler's asTable,
 * which replaces each row's object as includeObject asks). The Table's metadata is left empty: the caller puts the
 * list's resourceVersion, continue and remainingItemCount there, or the object's resourceVersion for a GET.
 */
public final class TableConvertor {
  private final List<Column> columns;
  private final Printer.RowFunction row;
  /** The default convertor only appends rows, so Go serializes an empty list's rows as null. */
  private final boolean nullWhenEmpty;

  TableConvertor(List<Column> columns, Printer.RowFunction row, boolean nullWhenEmpty) {
    this.columns = List.copyOf(columns);
    this.row = row;
    this.nullWhenEmpty = nullWhenEmpty;
  }

  /** A meta.k8s.io/v1 Table with its column definitions; rows in the given order. */
  public ObjectNode table(List<ObjectNode> objects, IncludeObject include, Instant now) {
    return table(objects, TableOptions.of(include), now);
  }

  public ObjectNode table(List<ObjectNode> objects, TableOptions options, Instant now) {
    ObjectNode t = Json.MAPPER.createObjectNode();
    t.put("kind", "Table");
    t.put("apiVersion", options.apiVersion());
    t.putObject("metadata");
    if (options.noHeaders()) {
      t.putNull("columnDefinitions");
    } else {
      ArrayNode defs = t.putArray("columnDefinitions");
      columns.forEach(c -> defs.add(c.toJson()));
    }
    if (objects.isEmpty() && nullWhenEmpty) {
      t.putNull("rows");
      return t;
    }
    ArrayNode rows = t.putArray("rows");
    for (ObjectNode o : objects) {
      Row r = row.print(o, now);
      ObjectNode rowNode = rows.addObject();
      ArrayNode cells = rowNode.putArray("cells");
      r.cells().forEach(c -> cells.add(Json.MAPPER.valueToTree(c)));
      if (r.conditions() != null) {
        rowNode.set("conditions", r.conditions());
      }
      switch (options.include()) {
        case NONE -> rowNode.putNull("object");
        case METADATA -> rowNode.set("object", PartialObjects.of(o, options.apiVersion()));
        case OBJECT -> rowNode.set("object", o);
      }
    }
    return t;
  }

  /** The column names, for tests and messages. */
  List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }
}
