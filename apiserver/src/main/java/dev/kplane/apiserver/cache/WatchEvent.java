package dev.kplane.apiserver.cache;

import dev.kplane.schemas.avro.EventType;

/**
 * One change of one object, as a watch delivers it.
 *
 * @param previous the object before the change, or null when unknown or absent; filtered watches use it to
 *     turn a change into ADDED or DELETED when the object enters or leaves the filter
 */
public record WatchEvent(EventType type, CachedObject object, CachedObject previous) {
  public long resourceVersion() {
    return object.resourceVersion();
  }
}
