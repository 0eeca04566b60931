package dev.samizdat.libp2p.host;

import java.nio.ByteBuffer;

/**
 * One multistream-select negotiation seen from the Host: bytes in, bytes out, an agreed protocol at
 * the end. Implementations are I/O-free; not thread-safe.
 */
interface Negotiator {

  /** What to send before anything is received (the dialer's header and first proposal). */
  byte[] start();

  /**
   * Consumes received bytes up to the end of the negotiation and returns what to send in reply,
   * possibly nothing. Bytes after the end stay in {@code in}.
   *
   * @throws dev.samizdat.libp2p.ProtocolViolationException when the remote breaks multistream-select
   * @throws dev.samizdat.libp2p.Libp2pException when no protocol is in common
   */
  byte[] onReceived(ByteBuffer in);

  /** The agreed protocol once negotiation has finished, else null. */
  String agreed();
}
