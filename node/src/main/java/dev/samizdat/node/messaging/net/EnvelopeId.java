package dev.samizdat.node.messaging.net;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Hashes;
import dev.samizdat.node.messaging.ProtocolViolationException;
import java.util.Arrays;

/** How a mailbox names an envelope: the first 16 bytes of its SHA-256, so a resend is the same id. */
public final class EnvelopeId {
  public static final int LENGTH = 16;
  private final byte[] bytes;

  private EnvelopeId(byte[] bytes) {
    this.bytes = bytes;
  }

  public static EnvelopeId of(byte[] envelope) {
    return new EnvelopeId(Arrays.copyOf(Hashes.sha256(envelope), LENGTH));
  }

  public static EnvelopeId fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new ProtocolViolationException("an envelope id is " + LENGTH + " bytes");
    }
    return new EnvelopeId(bytes.clone());
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvelopeId e && Arrays.equals(bytes, e.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Bytes.hex(bytes);
  }
}
