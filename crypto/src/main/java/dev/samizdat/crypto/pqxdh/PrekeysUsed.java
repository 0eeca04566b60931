package dev.samizdat.crypto.pqxdh;

import java.util.OptionalInt;

/**
 * Which of the responder's prekeys an initial message used (PQXDH §3.3 "identifiers"): the signed
 * prekey, the ML-KEM prekey (one-time or last-resort) and, when the bundle had one, a one-time prekey.
 */
public record PrekeysUsed(int signedPrekeyId, int kemPrekeyId, boolean kemPrekeyIsOneTime, OptionalInt oneTimePrekeyId) {
  public PrekeysUsed {
    if (signedPrekeyId < 0 || kemPrekeyId < 0 || (oneTimePrekeyId.isPresent() && oneTimePrekeyId.getAsInt() < 0)) {
      throw new IllegalArgumentException("prekey ids are below 2^31");
    }
  }
}
