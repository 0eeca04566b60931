package dev.samizdat.libp2p.noise;

import dev.samizdat.crypto.AeadAlgorithm;

/** Constants of the one Noise protocol libp2p speaks, and of its wire framing. */
public final class Noise {
  /** The multistream-select id (libp2p noise spec, "Negotiation"). */
  public static final String PROTOCOL_ID = "/noise";

  /** Exactly HASHLEN (32) bytes long, so it is used as the initial hash unhashed (Noise §5.2). */
  public static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";

  /** Noise §3: every Noise message, handshake or transport, is at most 65535 bytes. */
  public static final int MAX_MESSAGE_LENGTH = 65_535;

  /** The ChaChaPoly authentication tag that each encrypted payload carries. */
  public static final int TAG_LENGTH = AeadAlgorithm.TAG_LENGTH;

  /** The most plaintext one transport message can carry: 65535 − 16 = 65519. */
  public static final int MAX_PLAINTEXT_LENGTH = MAX_MESSAGE_LENGTH - TAG_LENGTH;

  /** libp2p noise spec, "Wire Format": a 16-bit big-endian length precedes every Noise message. */
  public static final int LENGTH_PREFIX_LENGTH = 2;

  /** X25519 public keys and shared secrets (Noise DHLEN). */
  static final int DH_LENGTH = 32;

  /** SHA-256 output (Noise HASHLEN). */
  static final int HASH_LENGTH = 32;

  private Noise() {}
}
