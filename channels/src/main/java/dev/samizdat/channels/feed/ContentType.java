package dev.samizdat.channels.feed;

import dev.samizdat.channels.wire.WireCode;

/** What an entry's body holds. The codes are part of the signed wire format: never reuse one. */
public enum ContentType implements WireCode {
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

  @Override
  public int code() {
    return code;
  }

  public static ContentType fromCode(int code) {
    return WireCode.fromCode(ContentType.class, code, "feed content type");
  }
}
