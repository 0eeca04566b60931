package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.Varint;
import java.util.concurrent.CompletableFuture;

/** Small write helpers for protocols on a {@link Stream}. */
public final class Streams {
  private Streams() {}

  /** Writes {@code message} prefixed with its length as an unsigned varint (one write). */
  public static CompletableFuture<Void> writeDelimited(Stream stream, byte[] message) {
    byte[] framed = new byte[Varint.encodedLength(message.length) + message.length];
    int header = Varint.write(message.length, framed, 0);
    System.arraycopy(message, 0, framed, header, message.length);
    return stream.write(framed);
  }
}
