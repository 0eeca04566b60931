package dev.samizdat.libp2p.host;

import dev.samizdat.libp2p.multistream.NegotiationStep;

/**
 * One multistream-select negotiation, dialer or listener, as the Host drives it: I/O-free; not
 * thread-safe.
 */
interface Negotiator {

  /** What to send before anything is received (the dialer's header and first proposal). */
  byte[] start();

  /**
   * Consumes received bytes, split anywhere.
   *
   * @throws dev.samizdat.libp2p.ProtocolViolationException when the remote breaks multistream-select
   */
  NegotiationStep receive(byte[] in, int offset, int length);
}
