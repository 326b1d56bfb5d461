package dev.kplane.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kplane.apiserver.api.Status;
import dev.kplane.apiserver.cache.CachedObject;
import dev.kplane.apiserver.cache.ObjectCodec;
import dev.kplane.apiserver.cache.ResourceCache;
import dev.kplane.apiserver.cache.WatchCache;
import dev.kplane.apiserver.registry.admission.Admission;
import dev.kplane.apiserver.registry.apply.FieldManager;
import dev.kplane.apiserver.registry.apply.Schemas;
import dev.kplane.apiserver.registry.builtin.Defaults;
import dev.kplane.apiserver.store.CommandRouter;
import dev.kplane.schemas.Json;
import dev.kplane.schemas.ResourceType;
import dev.kplane.schemas.Topics;
import dev.kplane.schemas.avro.Command;
import dev.kplane.schemas.avro.EventType;
import dev.kplane.schemas.avro.Outcome;
import dev.kplane.schemas.avro.Precondition;
import dev.kplane.schemas.avro.Reply;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic storage of every resource type: the create, update and delete pipeline on top of the shard
 * writers (compare-and-set) and the watch cache (reads), with kube-apiserver's semantics for uid,
 * creationTimestamp, generation, generateName, finalizers and preconditions.
 */
public final class ObjectStore {
  private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);
  /** How many times a write whose client gave no resourceVersion is retried on a conflict (GuaranteedUpdate). */
  private static final int MAX_ATTEMPTS = 16;
  /** The verbs that write the main resource; the others (update-status, bind, patch-scale ...) write a subresource. */
  private static final java.util.Set<String> MAIN_RESOURCE_VERBS = java.util.Set.of("update", "patch", "delete");
  /** kube-apiserver retries a generated name that collides (RetryGenerateName). */
  private static final int GENERATE_NAME_ATTEMPTS = 8;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
  private static final long WRITE_TIMEOUT_S = 35;
  private static final char[] NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();

  private final WatchCache cache;
  private final CommandRouter router;
  private final Topics topics;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final FieldManager fieldManager;
  private volatile Admission admission = Admission.chain(List.of());

  public ObjectStore(WatchCache cache, CommandRouter router, Topics topics, Clock clock) {
    this.cache = cache;
    this.router = router;
    this.topics = topics;
    this.clock = clock;
    this.fieldManager = new FieldManager(Schemas::builtin, clock);
  }

  /** The admission steps every write passes after validation. */
  public void setAdmission(Admission admission) {
    this.admission = admission;
  }

  public String topic(ResourceType type) {
    return topics.resource(type);
  }

  // ---- reads ----

  /** GET: consistent unless resourceVersion is given ("0" = any, otherwise not older than it). */
  public ObjectNode get(ResourceType type, String namespace, String name, String resourceVersion) {
    ResourceCache c = resourceVersion == null || resourceVersion.isEmpty()
        ? consistent(type) : notOlderThan(type, parseRv(resourceVersion));
    CachedObject obj = c.current().objects().get(type.key(namespace, name));
    if (obj == null) {
      throw Status.notFound(type, name);
    }
    return obj.object();
  }

  /** The cache of a type after the consistent-read barrier. */
  public ResourceCache consistent(ResourceType type) {
    try {
      return cache.awaitConsistent(topic(type), READ_TIMEOUT);
    } catch (TimeoutException e) {
      throw Status.timeout("Timeout: the store did not answer within " + READ_TIMEOUT.toSeconds() + "s: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.unavailable("the server is shutting down");
    }
  }

  /** The cache of a type once it has read up to rv (0: at once); kube-apiserver waits 3 s before giving up. */
  public ResourceCache notOlderThan(ResourceType type, long rv) {
    ResourceCache c = cache.add(topic(type));
    try {
      if (rv > 0 && !c.awaitResourceVersion(rv, 3000)) {
        throw Status.tooLargeResourceVersion(rv, c.resourceVersion());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.unavailable("the server is shutting down");
    }
    return c;
  }

  /** A resourceVersion from a request: a non-negative integer, or a 400. */
  public static long parseRv(String rv) {
    try {
      long v = Long.parseLong(rv);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw Status.badRequest("invalid resource version: " + rv);
    }
  }

  // ---- create ----

  public ObjectNode create(ResourceType type, String namespace, ObjectNode body, RequestContext ctx) {
    return create(type, namespace, body, ctx, false);
  }

  /** applied: the body comes from an apply, which has set its managedFields. */
  private ObjectNode create(ResourceType type, String namespace, ObjectNode body, RequestContext ctx, boolean applied) {
    ObjectNode meta = Meta.metadata(body);
    checkNamespace(type, namespace, body);
    String generateName = meta.path("generateName").asText("");
    boolean generated = Meta.name(body).isEmpty() && !generateName.isEmpty();
    for (int attempt = 0; ; attempt++) {
      if (generated) {
        meta.put("name", generateName + randomSuffix());
      }
      ObjectNode obj = prepareCreate(type, namespace, body);
      if (!applied) {
        fieldManager.update(type, null, obj, ctx.fieldManager(), "");
      }
      Runnable undo = admission.admit(type, obj, null, ctx);
      if (ctx.dryRun()) {
        undo.run();
        return obj;
      }
      Reply reply = submitOrUndo(command(type, obj, ctx, "create", false, new Precondition(false, null, null),
          EventType.ADDED), undo);
      if (reply.getOutcome() == Outcome.ALREADY_EXISTS && generated && attempt < GENERATE_NAME_ATTEMPTS) {
        ctx = ctx.retry();
        continue;
      }
      requireApplied(type, Meta.name(obj), reply);
      admission.applied(type, obj, null);
      return ObjectCodec.withResourceVersion(obj, reply.getResourceVersion());
    }
  }

  private ObjectNode prepareCreate(ResourceType type, String namespace, ObjectNode body) {
    ObjectNode obj = body.deepCopy();
    ObjectNode meta = Meta.metadata(obj);
    if (type.namespaced()) {
      meta.put("namespace", namespace);
    } else {
      meta.remove("namespace");
    }
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", Meta.timestamp(clock.instant()));
    if (Meta.tracksGeneration(type)) {
      meta.put("generation", 1);
    } else {
      meta.remove("generation");
    }
    meta.remove("resourceVersion");
    meta.remove("deletionTimestamp");
    meta.remove("deletionGracePeriodSeconds");
    meta.remove("selfLink");
    Meta.dropEmptyMetadata(obj);
    Defaults.applyOnCreate(type, obj);
    Validation.requireValid(type, obj);
    return obj;
  }

  /** Body and URL must agree on the namespace. */
  private void checkNamespace(ResourceType type, String namespace, ObjectNode body) {
    if (!type.namespaced()) {
      return;
    }
    String inBody = Meta.namespace(body);
    if (!inBody.isEmpty() && !inBody.equals(namespace)) {
      throw Status.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
  }

  private String randomSuffix() {
    char[] s = new char[5];
    for (int i = 0; i < s.length; i++) {
      s[i] = NAME_ALPHABET[random.nextInt(NAME_ALPHABET.length)];
    }
    return new String(s);
  }

  // ---- update ----

  /** PUT: replaces the object; the body's resourceVersion, when set, must be the current one. */
  public ObjectNode update(ResourceType type, String namespace, String name, ObjectNode body, RequestContext ctx,
                           boolean statusSubresource) {
    String bodyName = Meta.name(body);
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw Status.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
    }
    checkNamespace(type, namespace, body);
    long clientRv = Meta.text(body, "resourceVersion").isEmpty() ? 0 : parseRv(Meta.text(body, "resourceVersion"));
    return guaranteedUpdate(type, namespace, name, clientRv, ctx, statusSubresource ? "update-status" : "update",
        current -> statusSubresource ? replaceStatus(current, body) : replaceAllButStatus(type, current, body));
  }

  /** PUT on the main resource: everything but status, which only the status subresource changes. */
  private static ObjectNode replaceAllButStatus(ResourceType type, ObjectNode current, ObjectNode body) {
    ObjectNode next = body.deepCopy();
    return type.subresources().contains("status") ? Meta.withStatusOf(next, current) : next;
  }

  /** PUT on /status: only status changes. */
  private static ObjectNode replaceStatus(ObjectNode current, ObjectNode body) {
    return Meta.withStatusOf(current.deepCopy(), body);
  }

  /**
   * Read, modify, compare-and-set; on a conflict with no client resourceVersion, read again and retry. The
   * function receives a private copy of the current object and returns the desired one.
   */
  public ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, long clientRv,
                                     RequestContext ctx, String verb, UnaryOperator<ObjectNode> fn) {
    return guaranteedUpdate(type, namespace, name, clientRv, ctx, verb, fn, false);
  }

  private ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, long clientRv,
                                      RequestContext ctx, String verb, UnaryOperator<ObjectNode> fn, boolean applied) {
    String key = type.key(namespace, name);
    boolean fresh = false;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++, ctx = ctx.retry()) {
      ResourceCache c = fresh ? consistent(type) : cache.add(topic(type));
      CachedObject current = c.current().objects().get(key);
      if (current == null || (clientRv != 0 && current.resourceVersion() < clientRv)) {
        if (!fresh) {
          fresh = true;
          continue;
        }
        if (current == null) {
          throw Status.notFound(type, name);
        }
      }
      if (clientRv != 0 && current.resourceVersion() != clientRv) {
        throw Status.staleConflict(type, name);
      }
      ObjectNode next = fn.apply(current.object().deepCopy());
      Reply reply = writeUpdate(type, current, next, ctx, verb, applied);
      if (reply == null) {
        return next;
      }
      if (reply.getOutcome() == Outcome.CONFLICT && clientRv == 0) {
        fresh = true;
        continue;
      }
      if (reply.getOutcome() == Outcome.NOT_FOUND && !fresh) {
        fresh = true;
        continue;
      }
      requireApplied(type, name, reply);
      return ObjectCodec.withResourceVersion(next, reply.getResourceVersion());
    }
    throw Status.conflict(type, name, "the object is changing too fast; please try again");
  }

  /**
   * Writes the new version of an object: keeps what the server owns, bumps generation when the spec changed,
   * skips the write when nothing changed, and deletes an object being deleted whose last finalizer went.
   * Returns null when nothing was written (no change, or dry run); next then holds the result.
   */
  private Reply writeUpdate(ResourceType type, CachedObject current, ObjectNode next, RequestContext ctx, String verb,
                            boolean applied) {
    ObjectNode cur = current.object();
    Defaults.applyOnUpdate(type, next, cur);
    ObjectNode meta = Meta.metadata(next);
    ObjectNode curMeta = (ObjectNode) cur.get("metadata");
    for (String kept : List.of("uid", "creationTimestamp", "name", "namespace", "deletionTimestamp",
        "deletionGracePeriodSeconds", "generation")) {
      if (curMeta.has(kept)) {
        meta.set(kept, curMeta.get(kept));
      } else {
        meta.remove(kept);
      }
    }
    if (MAIN_RESOURCE_VERBS.contains(verb)) {
      NamespaceDeletion.keepFinalizers(type, next, cur);
    }
    if (Meta.tracksGeneration(type) && !Meta.specPart(cur).equals(Meta.specPart(next))) {
      meta.put("generation", curMeta.path("generation").asLong(1) + 1);
    }
    if (!applied) {
      recordManagedFields(type, cur, next, ctx, verb);
    }
    Meta.dropEmptyMetadata(next);
    Validation.requireValidUpdate(type, next, cur, MAIN_RESOURCE_VERBS.contains(verb));
    Runnable undo = admission.admit(type, next, cur, ctx);
    boolean sameManagedFields = java.util.Objects.equals(curMeta.get("managedFields"), meta.get("managedFields"));
    if ((sameManagedFields && Meta.withoutVolatileMetadata(cur).equals(Meta.withoutVolatileMetadata(next)))
        || ctx.dryRun()) {
      undo.run();
      ObjectCodec.withResourceVersion(next, current.resourceVersion());
      return null;
    }
    meta.remove("resourceVersion");
    Precondition pre = new Precondition(true, current.resourceVersion(), current.uid());
    boolean delete = Meta.isBeingDeleted(next) && !Meta.hasFinalizers(next) && !NamespaceDeletion.held(type, next);
    Reply reply = submitOrUndo(delete ? command(type, next, ctx, "delete", true, pre, EventType.DELETED)
        : command(type, next, ctx, verb, false, pre, EventType.MODIFIED), undo);
    if (reply.getOutcome() == Outcome.APPLIED) {
      admission.applied(type, delete ? null : next, cur);
    }
    return reply;
  }

  /** managedFields of a write that is not an apply: the writer owns what it changed (binding leaves them be). */
  private void recordManagedFields(ResourceType type, ObjectNode cur, ObjectNode next, RequestContext ctx,
                                   String verb) {
    switch (verb) {
      case "update", "patch" -> fieldManager.update(type, cur, next, ctx.fieldManager(), "");
      case "update-status", "patch-status" -> fieldManager.update(type, cur, next, ctx.fieldManager(), "status");
      case "update-scale", "patch-scale" -> fieldManager.scale(type, cur, next, ctx.fieldManager());
      default -> {
      }
    }
  }

  // ---- apply ----

  /** The result of a server-side apply; created when the apply made the object (201). */
  public record Applied(ObjectNode object, boolean created) {}

  /**
   * Server-side apply (PATCH application/apply-patch+yaml): merges config into the object, or creates it when absent,
   * as the manager of ctx; conflicts with other managers' fields are a 409 unless forced.
   */
  public Applied apply(ResourceType type, String namespace, String name, ObjectNode config, RequestContext ctx,
                       boolean force, boolean statusSubresource) {
    String configName = Meta.name(config);
    if (!configName.isEmpty() && !configName.equals(name)) {
      throw Status.badRequest("the name of the object (" + configName + ") does not match the name on the URL ("
          + name + ")");
    }
    checkNamespace(type, namespace, config);
    String rv = Meta.text(config, "resourceVersion");
    long clientRv = rv.isEmpty() ? 0 : parseRv(rv);
    String sub = statusSubresource ? "status" : "";
    String manager = ctx.fieldManager();
    for (int attempt = 0; ; attempt++, ctx = ctx.retry()) {
      boolean exists = consistent(type).current().objects().containsKey(type.key(namespace, name));
      try {
        if (exists || statusSubresource) {
          return new Applied(guaranteedUpdate(type, namespace, name, clientRv, ctx,
              statusSubresource ? "patch-status" : "patch", current -> {
                ObjectNode next = fieldManager.apply(type, current, config, manager, force, sub);
                if (statusSubresource) {
                  ObjectNode out = Meta.withStatusOf(current.deepCopy(), next);
                  Meta.metadata(out).set("managedFields", Meta.metadata(next).get("managedFields"));
                  return out;
                }
                return type.subresources().contains("status") ? Meta.withStatusOf(next, current) : next;
              }, true), false);
        }
        ObjectNode created = fieldManager.apply(type, null, config, manager, force, sub);
        if (Meta.name(created).isEmpty()) {
          throw Status.badRequest("the name of the object () does not match the name on the URL (" + name + ")");
        }
        return new Applied(create(type, namespace, created, ctx, true), true);
      } catch (dev.kplane.apiserver.api.ApiException e) {
        boolean raced = exists ? e.code() == 404 && !statusSubresource : "AlreadyExists".equals(e.reason());
        if (!raced || attempt >= 2) {
          throw e;
        }
      }
    }
  }

  // ---- delete ----

  /**
   * The result of a DELETE.
   *
   * @param object the object as deleted, or as it now is when it stays
   * @param pending true when the object stays: finalizers to run or a grace period to wait out
   */
  public record Deleted(ObjectNode object, boolean pending) {}

  /**
   * DELETE, as kube-apiserver's generic store does it: preconditions on uid and resourceVersion; the
   * propagation policy becomes the {@code orphan} or {@code foregroundDeletion} finalizer for the garbage
   * collector; a pod on a node is deleted gracefully (deletionTimestamp in the future, its kubelet removes it);
   * an object with finalizers only gets its deletionTimestamp and stays until they are gone (a namespace's
   * spec.finalizers count, and it turns Terminating: {@link NamespaceDeletion}).
   */
  public Deleted delete(ResourceType type, String namespace, String name, DeleteOptions o, RequestContext ctx) {
    NamespaceDeletion.requireDeletable(type, name);
    String key = type.key(namespace, name);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++, ctx = ctx.retry()) {
      CachedObject current = consistent(type).current().objects().get(key);
      if (current == null) {
        throw Status.notFound(type, name);
      }
      if (o.uid() != null && !o.uid().equals(current.uid())) {
        throw Status.conflict(type, name, "Precondition failed: UID in precondition: " + o.uid()
            + ", UID in object meta: " + current.uid());
      }
      if (o.resourceVersion() != null && !o.resourceVersion().equals(Long.toString(current.resourceVersion()))) {
        throw Status.conflict(type, name, "Precondition failed: ResourceVersion in precondition: " + o.resourceVersion()
            + ", ResourceVersion in object meta: " + current.resourceVersion());
      }
      ObjectNode obj = current.object();
      ObjectNode next = obj.deepCopy();
      boolean changed = GracefulDeletion.applyPropagation(next, o.propagationPolicy());
      long grace = GracefulDeletion.gracePeriod(type, obj, o.gracePeriodSeconds());
      boolean terminating = Meta.isBeingDeleted(obj);
      boolean shortened = terminating && GracefulDeletion.shorten(next, grace, clock.instant());
      boolean held = Meta.hasFinalizers(next) || NamespaceDeletion.held(type, next);
      if (!terminating && (grace > 0 || held)) {
        GracefulDeletion.markDeleted(next, grace, clock.instant());
        if (NamespaceDeletion.isNamespace(type)) {
          NamespaceDeletion.markTerminating(next);
        }
        changed = true;
      }
      boolean stays = held || (Meta.isBeingDeleted(next) && grace > 0);
      if (stays && !changed && !shortened) {
        return new Deleted(obj, true);
      }
      if (ctx.dryRun()) {
        return new Deleted(stays ? next : obj, stays);
      }
      Precondition pre = new Precondition(true, current.resourceVersion(), current.uid());
      Reply r = stays ? submit(command(type, next, ctx, "delete", false, pre, EventType.MODIFIED))
          : submit(command(type, obj, ctx, "delete", true, pre, EventType.DELETED));
      if (r.getOutcome() == Outcome.CONFLICT) {
        continue;
      }
      requireApplied(type, name, r);
      if (stays) {
        admission.applied(type, next, obj);
        return new Deleted(ObjectCodec.withResourceVersion(next, r.getResourceVersion()), true);
      }
      admission.applied(type, null, obj);
      return new Deleted(ObjectCodec.withResourceVersion(obj.deepCopy(), r.getResourceVersion()), false);
    }
    throw Status.conflict(type, name, "the object is changing too fast; please try again");
  }

  // ---- plumbing ----

  private Command command(ResourceType type, ObjectNode obj, RequestContext ctx, String verb, boolean delete,
                          Precondition pre, EventType eventType) {
    ObjectNode body = obj;
    if (Meta.metadata(obj).has("resourceVersion")) {
      body = obj.deepCopy();
      Meta.metadata(body).remove("resourceVersion");
    }
    return new Command(ctx.requestId(), topic(type), type.key(Meta.namespace(obj), Meta.name(obj)), delete,
        Json.write(body), pre, eventType, Meta.text(obj, "uid"), ctx.principal(), verb, 0, Instant.now(clock));
  }

  /** Submits; unless the write was applied, undoes what admission did for it. */
  private Reply submitOrUndo(Command c, Runnable undo) {
    Reply reply;
    try {
      reply = submit(c);
    } catch (RuntimeException e) {
      undo.run();
      throw e;
    }
    if (reply.getOutcome() != Outcome.APPLIED) {
      undo.run();
    }
    return reply;
  }

  private Reply submit(Command c) {
    try {
      return router.submit(c).get(WRITE_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      logStuckWriters(c);
      throw Status.timeout("Timeout: request did not complete within the allowed duration; the write may or may not have been applied");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        logStuckWriters(c); // the commands topic's wait (CommandRouter) ends first when the shard is remote
        throw Status.timeout("Timeout: the shard writer did not answer in time; the write may or may not have been applied");
      }
      throw Status.internal(e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.unavailable("the server is shutting down");
    }
  }

  /**
   * A write that got no answer in time: what the shard writers of this process are doing then (the known
   * intermittent stall of a writer inside a Kafka transaction), so the log says where it waits.
   */
  private static void logStuckWriters(Command c) {
    StringBuilder dump = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("shard-writer-")) {
        dump.append('\n').append(thread.getName()).append(" (").append(thread.getState()).append(')');
        for (StackTraceElement frame : stack) {
          dump.append("\n    at ").append(frame);
        }
      }
    });
    log.warn("no answer from the shard writer within {} s for {} of {} {}; writer threads:{}", WRITE_TIMEOUT_S,
        c.getVerb(), c.getTopic(), c.getKey(), dump);
  }

  private static void requireApplied(ResourceType type, String name, Reply reply) {
    switch (reply.getOutcome()) {
      case APPLIED -> {
      }
      case ALREADY_EXISTS -> throw Status.alreadyExists(type, name);
      case CONFLICT -> throw Status.staleConflict(type, name);
      case NOT_FOUND -> throw Status.notFound(type, name);
      case UID_MISMATCH -> throw Status.conflict(type, name, "Precondition failed: UID in precondition does not match the object");
      case NOT_OWNER -> throw Status.unavailable("the shard's writer moved; please retry");
      case ERROR -> throw Status.internal(reply.getMessage() == null ? "write failed" : reply.getMessage());
    }
  }

  /** Builds a list body: kind XList, the list's resourceVersion, continue and remainingItemCount when paged. */
  public static ObjectNode listBody(ResourceType type, long rv, List<CachedObject> items, String continueToken,
                                   Long remaining) {
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.put("kind", type.kind() + "List");
    list.put("apiVersion", type.apiVersion());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    if (continueToken != null) {
      meta.put("continue", continueToken);
      if (remaining != null) {
        meta.put("remainingItemCount", remaining);
      }
    }
    ArrayNode arr = list.putArray("items");
    items.forEach(o -> arr.add(o.object()));
    return list;
  }
}
