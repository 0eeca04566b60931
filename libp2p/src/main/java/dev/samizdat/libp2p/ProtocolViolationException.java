package dev.samizdat.libp2p;

/**
 * The remote peer broke the protocol (malformed, oversized or unauthenticated data, a bad signature):
 * close the stream or connection it came from.
 */
public class ProtocolViolationException extends Libp2pException {
  public ProtocolViolationException(String message) {
    super(message);
  }

  public ProtocolViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
