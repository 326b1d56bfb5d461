package dev.kplane.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;

/**
 * A meta.k8s.io TableColumnDefinition. Every field is always serialized, as Go's struct has no omitempty on them.
 *
 * @param priority 0 for the default view, 1 for the columns kubectl shows only with -o wide
 */
record Column(String name, String type, String format, String description, int priority) {
  static final String NAME_DOC = SwaggerDocs.of("meta/v1.ObjectMeta.name");
  static final String AGE_DOC = SwaggerDocs.of("meta/v1.ObjectMeta.creationTimestamp");

  /** The "Name" column every printer starts with. */
  static Column nameColumn() {
    return new Column("Name", "string", "name", NAME_DOC, 0);
  }

  /** The "Age" column: a string, since the server already rendered the duration. */
  static Column ageColumn() {
    return new Column("Age", "string", "", AGE_DOC, 0);
  }

  static Column string(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  static Column integer(String name, String description) {
    return new Column(name, "integer", "", description, 0);
  }

  static Column bool(String name, String description) {
    return new Column(name, "boolean", "", description, 0);
  }

  /** The same column shown only with -o wide. */
  Column wide() {
    return new Column(name, type, format, description, 1);
  }

  ObjectNode toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("name", name);
    n.put("type", type);
    n.put("format", format);
    n.put("description", description);
    n.put("priority", priority);
    return n;
  }
}
