package dev.samizdat.node.store;

import java.nio.charset.StandardCharsets;

/**
 * The node's kinds of data, one RocksDB column family each. The names are part of the on-disk format:
 * never rename one; add new ones at the end and bump {@link Database#SCHEMA_VERSION} if old data
 * needs migrating.
 */
public enum Table {
  /** Schema version and other unencrypted bookkeeping; never content. */
  META("meta", false),
  IDENTITY("identity", true),
  CONTACTS("contacts", true),
  SESSIONS("sessions", true),
  MESSAGES("messages", true),
  OUTBOX("outbox", true),
  /** Envelopes this node holds for other, offline peers. */
  MAILBOX("mailbox", true),
  DHT_RECORDS("dht-records", false),
  DHT_ROUTING("dht-routing", false),
  PEERS("peers", false),
  /**
   * Entries of the feeds this node holds, by feed and sequence. Confidential: which channels a user
   * follows betrays their interests.
   */
  FEED_ENTRIES("feed-entries", true),
  /** Per feed: the latest manifest's sequence and the proofs of equivocation. */
  FEED_META("feed-meta", true),
  /** The private halves of this node's PQXDH prekeys and the bundle's bookkeeping. */
  PREKEYS("prekeys", true),
  /**
   * The feeds this node holds (own ones with their private feed keys, subscriptions), the blocklists
   * the user follows and the user's own blocks. Confidential: it is the user's interests, and feed keys.
   */
  CHANNELS("channels", true),
  /** The review queues of the user's own blocklists: who reported what. */
  REPORTS("reports", true);

  private final String columnFamily;
  private final boolean confidential;

  Table(String columnFamily, boolean confidential) {
    this.columnFamily = columnFamily;
    this.confidential = confidential;
  }

  byte[] columnFamilyName() {
    return columnFamily.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Whether its values (and keys) would betray content or contacts on a seized disk, so that they are
   * stored encrypted. DHT data and peer addresses are public by nature.
   */
  public boolean confidential() {
    return confidential;
  }

  public String columnFamily() {
    return columnFamily;
  }
}
