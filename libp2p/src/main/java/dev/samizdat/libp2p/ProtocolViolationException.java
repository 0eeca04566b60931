package dev.samizdat.libp2p;

/** The remote peer broke the protocol: close the stream or connection it came on and carry on. */
public class ProtocolViolationException extends Libp2pException {
  public ProtocolViolationException(String message) {
    super(message);
  }

  public ProtocolViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}
