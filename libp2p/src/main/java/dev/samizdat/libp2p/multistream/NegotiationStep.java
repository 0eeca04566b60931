package dev.samizdat.libp2p.multistream;

/**
 * What a negotiation state machine asks its adapter to do after an event: write {@link #output()}
 * (possibly empty) to the stream, then act on the variant. Arrays are handed over, not copied: the
 * adapter owns them.
 */
public sealed interface NegotiationStep {
  /** Bytes to write to the remote now, in order, before anything else. */
  byte[] output();

  /** Keep feeding inbound bytes. */
  record Continue(byte[] output) implements NegotiationStep {}

  /**
   * Both sides agreed on {@code protocol}. {@code remainder} is inbound data that followed the
   * agreement: it belongs to the negotiated protocol and must be handed to it before anything read
   * later.
   */
  record Agreed(String protocol, byte[] output, byte[] remainder) implements NegotiationStep {}

  /**
   * The remote supports none of our protocols. Not a protocol violation: close the stream after
   * writing the output.
   */
  record NoCommonProtocol(String reason, byte[] output) implements NegotiationStep {}
}
