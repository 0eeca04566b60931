package dev.samizdat.node.messaging;

import dev.samizdat.crypto.envelope.SealedEnvelope;
import dev.samizdat.crypto.pqxdh.PrekeyBundle;
import java.time.Duration;

/** Every bound of the messaging protocols and stores, with the reason for its value. */
public final class MessagingLimits {
  private MessagingLimits() {}

  /** A chat message: generous for text, small enough that a mailbox holds hundreds per recipient. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /**
   * A sealed envelope carrying the largest body: the body and its Content framing (≤ 256 bytes),
   * a PQXDH header (~1.2 KB, repeated until the peer answers), the ratchet header and tags, and the
   * envelope's own 177 bytes — rounded up to 68 KiB.
   */
  public static final int MAX_ENVELOPE_BYTES = MAX_BODY_BYTES + 4 * 1024;
  /** An encrypted message (a CipherFrame): whatever still fits in an envelope once sealed for a mailbox. */
  public static final int MAX_FRAME_BYTES = MAX_ENVELOPE_BYTES - SealedEnvelope.OVERHEAD;
  /**
   * Frames in one direct-delivery request: one round trip and one synced commit on each side carry
   * up to this many messages, which is what lets a busy conversation outrun the disk's sync rate.
   */
  public static final int MAX_FRAMES_PER_REQUEST = 64;
  /** A direct-delivery request: its frames together (at least one frame of the largest size fits). */
  public static final int MAX_DELIVER_REQUEST_BYTES = 1024 * 1024;
  /** Message ids in one receipt: a read receipt covers what the user saw at once. */
  public static final int MAX_RECEIPT_IDS = 256;
  /** A mailbox request: one envelope and its framing. */
  public static final int MAX_MAILBOX_REQUEST_BYTES = MAX_ENVELOPE_BYTES + 1024;
  /** A mailbox fetch answer: {@link #MAX_FETCH_ENVELOPES} envelopes at most ~4.3 MiB. */
  public static final int MAX_RESPONSE_FRAME_BYTES = 5 * 1024 * 1024;
  /** Envelopes returned by one fetch; the recipient deletes them and fetches again. */
  public static final int MAX_FETCH_ENVELOPES = 64;
  /** Ids in one delete request: one fetch's worth. */
  public static final int MAX_DELETE_IDS = MAX_FETCH_ENVELOPES;
  /** Envelopes a mailbox node keeps for one recipient: a busy week offline. */
  public static final int MAX_ENVELOPES_PER_RECIPIENT = 1000;
  /** Bytes a mailbox node keeps for one recipient: one can fill at most 16 MiB of a stranger's disk. */
  public static final long MAX_BYTES_PER_RECIPIENT = 16L * 1024 * 1024;
  /**
   * Bytes one peer may leave with a mailbox node within its retention: four recipients' full
   * mailboxes, far more than a person writes to contacts who are offline, so that filling the node
   * ({@link #MAX_MAILBOX_BYTES_TOTAL}) takes eight peer identities rather than one.
   */
  public static final long MAX_BYTES_PER_DEPOSITOR = 64L * 1024 * 1024;
  /** Bytes a mailbox node keeps in all: it is a favour to the network, not a storage service. */
  public static final long MAX_MAILBOX_BYTES_TOTAL = 512L * 1024 * 1024;
  /** How far an owner proof's timestamp may be from the mailbox node's clock. */
  public static final Duration OWNER_PROOF_WINDOW = Duration.ofMinutes(5);
  /**
   * Owner proofs a mailbox node takes for one recipient within twice {@link #OWNER_PROOF_WINDOW} (as
   * long as it remembers their nonces): collecting a full mailbox takes a fetch and a delete per
   * {@link #MAX_FETCH_ENVELOPES} envelopes, 32 in all, so this leaves room for several collections and
   * their retries. Beyond it, only that recipient's proofs wait.
   */
  public static final int MAX_OWNER_PROOFS_PER_RECIPIENT = 256;
  /**
   * Owner-proof nonces a mailbox node remembers against replay, over all recipients (about 12 MB);
   * beyond it, the recipient heard from least lately is forgotten, never a proof refused.
   */
  public static final int MAX_REMEMBERED_NONCES = 100_000;
  /** Mailbox replicas per envelope: DESIGN asks for 3–5 of the closest nodes. */
  public static final int MIN_MAILBOX_REPLICAS = 3;
  public static final int MAX_MAILBOX_REPLICAS = 5;
  /** Sessions kept per peer: old ones stay for messages still in flight under them. */
  public static final int MAX_SESSIONS_PER_PEER = 4;
  /** A prekey bundle record in the DHT. */
  public static final int MAX_BUNDLE_BYTES = PrekeyBundle.MAX_LENGTH;
  /** Retry backoff: first retry after 5 s, doubling up to an hour. */
  public static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  public static final Duration MAX_RETRY = Duration.ofHours(1);
  /** Longest disappearing-message timer: four weeks, as Signal offers. */
  public static final Duration MAX_DISAPPEAR_AFTER = Duration.ofDays(28);

  static {
    if (MAX_ENVELOPE_BYTES > SealedEnvelope.MAX_LENGTH) {
      throw new AssertionError("envelope limit above what SealedEnvelope decodes");
    }
  }
}
