package dev.kplane.schemas;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * RocksDB options for kplane's many small stores. RocksDB preallocates 4 MiB for each store's MANIFEST file, real
 * blocks on disk; the controller-manager opens a few hundred stores (one per resource type and controller, per
 * task), so an empty cluster's controller state took about 1 GiB of disk per instance. 64 KiB is plenty for a
 * manifest that records a handful of files.
 */
public final class SmallRocksDb implements RocksDBConfigSetter {
  static final long MANIFEST_PREALLOCATION_BYTES = 64 * 1024;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    options.setManifestPreallocationSize(MANIFEST_PREALLOCATION_BYTES);
  }

  @Override
  public void close(String storeName, Options options) {
    // nothing allocated here
  }
}
