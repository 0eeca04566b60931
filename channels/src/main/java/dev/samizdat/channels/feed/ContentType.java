package dev.samizdat.channels.feed;

import dev.samizdat.crypto.MalformedInputException;

/** What an entry's body holds. The codes are part of the signed wire format: never reuse one. */
public enum ContentType {
  MANIFEST(1),
  POST(2),
  EDIT(3),
  DELETE(4),
  BLOCK(16),
  RETRACT(17);

  private final int code;

  ContentType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ContentType fromCode(int code) {
    for (ContentType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new MalformedInputException("unknown feed content type " + code);
  }
}
