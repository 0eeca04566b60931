package dev.samizdat.channels.wire;

import dev.samizdat.crypto.MalformedInputException;

/**
 * An enum constant's number in signed formats, digests and stored rows. It is written out with each
 * constant, never taken from the declaration order, so that adding or reordering constants cannot change
 * what an existing signature or row means.
 */
public interface WireCode {
  int code();

  /** The constant of {@code type} with that code; a code this version does not know names {@code what}. */
  static <E extends Enum<E> & WireCode> E fromCode(Class<E> type, int code, String what) {
    for (E constant : type.getEnumConstants()) {
      if (constant.code() == code) {
        return constant;
      }
    }
    throw new MalformedInputException("unknown " + what + " " + Integer.toUnsignedString(code));
  }
}
