package dev.samizdat.node.store;

import org.rocksdb.InfoLogLevel;
import org.rocksdb.Logger;
import org.slf4j.LoggerFactory;

/**
 * RocksDB's diagnostics, warnings and errors only, into the node's own log instead of a {@code LOG} file
 * beside the data: that file would time every flush and compaction in clear, and a seized disk would
 * then show when the user deleted messages or contacts (each deletion starts a purge).
 */
final class RocksLog extends Logger {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(RocksLog.class);
  /** How RocksDB logs the status that {@code RocksDB.open} then throws. */
  private static final String OPEN_FAILED = "DB::Open() failed";

  RocksLog() {
    super(InfoLogLevel.WARN_LEVEL);
  }

  @Override
  protected void log(InfoLogLevel level, String message) {
    if (message.contains(OPEN_FAILED)) {
      return; // Database.open throws with the same status, and its caller says it in words
    }
    if (level == InfoLogLevel.WARN_LEVEL) {
      LOG.warn("rocksdb: {}", message);
    } else {
      LOG.error("rocksdb: {}", message);
    }
  }
}
