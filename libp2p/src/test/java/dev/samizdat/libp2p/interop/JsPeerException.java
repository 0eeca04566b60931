package dev.samizdat.libp2p.interop;

/**
 * A failure of the js-libp2p interop harness: Node or npm missing, the js peer process died or did
 * not start, or a command failed or timed out. {@link #code()} is the js peer's error code for a
 * command that it answered with a failure ({@code "failed"}, {@code "timeout"},
 * {@code "badRequest"}), or {@code "harness"} for failures on the Java side.
 */
public final class JsPeerException extends RuntimeException {
  public static final String HARNESS = "harness";

  private final String code;

  public JsPeerException(String message) {
    this(HARNESS, message, null);
  }

  public JsPeerException(String message, Throwable cause) {
    this(HARNESS, message, cause);
  }

  public JsPeerException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
