package dev.kplane.apiserver.table;

import static dev.kplane.apiserver.table.Cells.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Namespaces, config maps, secrets, service accounts, leases and events. */
final class CorePrinters {
  static final Printer NAMESPACE = Printer.of(
      (o, now) -> Row.of(Cells.name(o), text(o, "status", "phase"), Cells.age(o, now)),
      Column.nameColumn(), Column.string("Status", "The status of the namespace"), Column.ageColumn());

  static final Printer CONFIG_MAP = Printer.of(
      (o, now) -> Row.of(Cells.name(o), Cells.count(o, "data") + Cells.count(o, "binaryData"), Cells.age(o, now)),
      Column.nameColumn(), Column.string("Data", SwaggerDocs.of("core/v1.ConfigMap.data")), Column.ageColumn());

  /** A secret written with stringData counts those keys too: kube-apiserver folds them into data on write. */
  static final Printer SECRET = Printer.of(
      (o, now) -> Row.of(Cells.name(o), text(o, "type"), Cells.count(o, "data"), Cells.age(o, now)),
      Column.nameColumn(), Column.string("Type", SwaggerDocs.of("core/v1.Secret.type")),
      Column.string("Data", SwaggerDocs.of("core/v1.Secret.data")), Column.ageColumn());

  static final Printer SERVICE_ACCOUNT = Printer.of(
      (o, now) -> Row.of(Cells.name(o), Cells.count(o, "secrets"), Cells.age(o, now)),
      Column.nameColumn(), Column.string("Secrets", SwaggerDocs.of("core/v1.ServiceAccount.secrets")), Column.ageColumn());

  static final Printer LEASE = Printer.of(
      (o, now) -> Row.of(Cells.name(o), text(o, "spec", "holderIdentity"), Cells.age(o, now)),
      Column.nameColumn(), Column.string("Holder", SwaggerDocs.of("coordination/v1.LeaseSpec.holderIdentity")),
      Column.ageColumn());

  private static final Column[] EVENT_COLUMNS = {
      Column.string("Last Seen", SwaggerDocs.of("core/v1.Event.lastTimestamp")),
      Column.string("Type", SwaggerDocs.of("core/v1.Event.type")),
      Column.string("Reason", SwaggerDocs.of("core/v1.Event.reason")),
      Column.string("Object", SwaggerDocs.of("core/v1.Event.involvedObject")),
      Column.string("Subobject", SwaggerDocs.of("core/v1.ObjectReference.fieldPath")).wide(),
      Column.string("Source", SwaggerDocs.of("core/v1.Event.source")).wide(),
      Column.string("Message", SwaggerDocs.of("core/v1.Event.message")),
      Column.string("First Seen", SwaggerDocs.of("core/v1.Event.firstTimestamp")).wide(),
      Column.string("Count", SwaggerDocs.of("core/v1.Event.count")).wide(),
      new Column("Name", "string", "name", Column.NAME_DOC, 1)};

  static final Printer EVENT = Printer.of((o, now) -> event(EventFields.core(o), now), EVENT_COLUMNS);

  /** events.k8s.io events are served from the core event storage, so they print as core events. */
  static final Printer EVENTS_API_EVENT = Printer.of((o, now) -> event(EventFields.eventsApi(o), now),
      EVENT_COLUMNS);

  private CorePrinters() {}

  /** The internal Event's fields the printer reads, from either API version. */
  record EventFields(String name, String type, String reason, JsonNode regarding, String message,
                     String component, String host, String reportingController, String reportingInstance,
                     String firstTimestamp, String lastTimestamp, String eventTime, long count, JsonNode series) {
    static EventFields core(JsonNode e) {
      return new EventFields(Cells.name(e), text(e, "type"), text(e, "reason"), e.path("involvedObject"),
          text(e, "message"), text(e, "source", "component"), text(e, "source", "host"),
          text(e, "reportingComponent"), text(e, "reportingInstance"), text(e, "firstTimestamp"),
          text(e, "lastTimestamp"), text(e, "eventTime"), Cells.integer(e, "count"), e.path("series"));
    }

    static EventFields eventsApi(JsonNode e) {
      return new EventFields(Cells.name(e), text(e, "type"), text(e, "reason"), e.path("regarding"),
          text(e, "note"), text(e, "deprecatedSource", "component"), text(e, "deprecatedSource", "host"),
          text(e, "reportingController"), text(e, "reportingInstance"), text(e, "deprecatedFirstTimestamp"),
          text(e, "deprecatedLastTimestamp"), text(e, "eventTime"), Cells.integer(e, "deprecatedCount"),
          e.path("series"));
    }
  }

  static Row event(EventFields e, Instant now) {
    String first = HumanDuration.parse(e.firstTimestamp()) == null ? HumanDuration.since(e.eventTime(), now)
        : HumanDuration.since(e.firstTimestamp(), now);
    String last = HumanDuration.parse(e.lastTimestamp()) == null ? first : HumanDuration.since(e.lastTimestamp(), now);
    long count = e.count();
    if (e.series().isObject()) {
      last = HumanDuration.since(text(e.series(), "lastObservedTime"), now);
      count = Cells.integer(e.series(), "count");
    } else if (count == 0) {
      count = 1; // singleton events of the new API carry no count
    }
    String kind = text(e.regarding(), "kind").toLowerCase();
    String regardingName = text(e.regarding(), "name");
    String target = regardingName.isEmpty() ? kind : kind + "/" + regardingName;
    String component = e.component().isEmpty() ? e.reportingController() : e.component();
    String host = e.host().isEmpty() ? e.reportingInstance() : e.host();
    String source = host.isEmpty() ? component : component + ", " + host;
    return Row.of(last, e.type(), e.reason(), target, text(e.regarding(), "fieldPath"), source,
        e.message().strip(), first, count, e.name());
  }
}
