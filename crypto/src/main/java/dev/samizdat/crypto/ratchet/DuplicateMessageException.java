package dev.samizdat.crypto.ratchet;

import dev.samizdat.crypto.AuthenticationException;

/**
 * A message whose key was already used or is gone: a replay, a duplicate delivery, or a message
 * older than the skipped keys the session keeps. The session is unchanged; the caller drops it.
 */
public class DuplicateMessageException extends AuthenticationException {
  public DuplicateMessageException(String message) {
    super(message);
  }
}
