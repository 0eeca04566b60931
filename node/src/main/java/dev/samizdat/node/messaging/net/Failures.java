package dev.samizdat.node.messaging.net;

import java.util.concurrent.CompletionException;

/** What a failed network future says, for logs and for the reasons shown to the user. */
public final class Failures {
  private Failures() {}

  /** The failure a future completed with, without the {@link CompletionException} around it. */
  public static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /** The failure's message, or its kind when it has none. */
  public static String describe(Throwable failure) {
    Throwable cause = cause(failure);
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
