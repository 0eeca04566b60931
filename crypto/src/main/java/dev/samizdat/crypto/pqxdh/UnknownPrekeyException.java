package dev.samizdat.crypto.pqxdh;

import dev.samizdat.crypto.AuthenticationException;

/**
 * An initial message names a prekey the responder does not hold: never issued, replaced, or a
 * one-time prekey already used by an earlier initial message. Nothing was consumed.
 */
public class UnknownPrekeyException extends AuthenticationException {
  public UnknownPrekeyException(String message) {
    super(message);
  }
}
