package dev.kplane.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.schemas.Json;
import java.util.List;

/**
 * The Swagger 2.0 parameters of the resource operations, with kube-apiserver's names, types and (abridged)
 * descriptions. kubectl reads {@code fieldValidation} on PATCH to decide that the server validates fields itself.
 */
final class Parameters {
  private Parameters() {}

  static final List<ObjectNode> LIST = List.of(
      query("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\". "
          + "Servers that do not implement bookmarks may ignore this flag and bookmarks are sent at the server's "
          + "discretion. If this is not a watch, this field is ignored."),
      query("continue", "string", "The continue option should be set when retrieving more results from the server. "
          + "Since this value is server defined, clients may only use the continue value from a previous query result "
          + "with identical query parameters (except for the value of continue)."),
      query("fieldSelector", "string",
          "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
      query("labelSelector", "string",
          "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
      query("limit", "integer", "limit is a maximum number of responses to return for a list call. If more items "
          + "exist, the server will set the `continue` field on the list metadata to a value that can be used with the "
          + "same initial query to retrieve the next set of results."),
      query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may "
          + "be served from. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for "
          + "details.\n\nDefaults to unset"),
      query("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to "
          + "list calls. See https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions for "
          + "details.\n\nDefaults to unset"),
      query("sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together with `watch=true`. In that "
          + "case, the watch stream will begin with synthetic events to produce the current state of objects in the "
          + "collection."),
      query("timeoutSeconds", "integer", "Timeout for the list/watch call. This limits the duration of the call, "
          + "regardless of any activity or inactivity."),
      query("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, "
          + "update, and remove notifications. Specify resourceVersion."));

  static final ObjectNode PRETTY = query("pretty", "string", "If 'true', then the output is pretty printed. "
      + "Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and wget).");

  static final ObjectNode DRY_RUN = query("dryRun", "string", "When present, indicates that modifications should "
      + "not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further "
      + "processing of the request. Valid values are: - All: all dry run stages will be processed");

  private static final String FIELD_MANAGER = "fieldManager is a name associated with the actor or entity that is "
      + "making these changes. The value must be less than or 128 characters long, and only contain printable "
      + "characters, as defined by https://golang.org/pkg/unicode/#IsPrint.";

  static final ObjectNode FIELD_MANAGER_WRITE = query("fieldManager", "string", FIELD_MANAGER);

  static final ObjectNode FIELD_MANAGER_PATCH = query("fieldManager", "string", FIELD_MANAGER + " This field is "
      + "required for apply requests (application/apply-patch) but optional for non-apply patch types (JsonPatch, "
      + "MergePatch, StrategicMergePatch).");

  static final ObjectNode FIELD_VALIDATION = query("fieldValidation", "string", "fieldValidation instructs the "
      + "server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid "
      + "values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will "
      + "ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the "
      + "standard warning response header for each unknown field that is dropped from the object, and for each "
      + "duplicate field that is encountered. - Strict: This will fail the request with a BadRequest error if any "
      + "unknown fields would be dropped from the object, or if any duplicate fields are present.");

  static final ObjectNode FORCE = query("force", "boolean", "Force is going to \"force\" Apply requests. It means "
      + "user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch "
      + "requests.");

  static final List<ObjectNode> DELETE = List.of(
      query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted. Value "
          + "must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the "
          + "default grace period for the specified type will be used."),
      query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean", "if set to true, it will trigger an "
          + "unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error."),
      query("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy. Should the dependent "
          + "objects be orphaned. Either this field or PropagationPolicy may be set, but not both."),
      query("propagationPolicy", "string", "Whether and how garbage collection will be performed. Either this field "
          + "or OrphanDependents may be set, but not both. Acceptable values are: 'Orphan' - orphan the dependents; "
          + "'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a "
          + "cascading policy that deletes all dependents in the foreground."));

  static final ObjectNode NAMESPACE =
      path("namespace", "object name and auth scope, such as for teams and projects");

  static ObjectNode name(String kind) {
    return path("name", "name of the " + kind);
  }

  static ObjectNode body(String definition) {
    ObjectNode p = Json.MAPPER.createObjectNode().put("in", "body").put("name", "body").put("required", true);
    p.putObject("schema").put("$ref", "#/definitions/" + definition);
    return p;
  }

  private static ObjectNode query(String name, String type, String description) {
    return Json.MAPPER.createObjectNode().put("description", description).put("in", "query").put("name", name)
        .put("type", type).put("uniqueItems", true);
  }

  private static ObjectNode path(String name, String description) {
    return Json.MAPPER.createObjectNode().put("description", description).put("in", "path").put("name", name)
        .put("required", true).put("type", "string").put("uniqueItems", true);
  }
}
