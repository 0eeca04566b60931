package dev.samizdat.dht.message;

/** kad-dht message types with their wire numbers (spec: "RPC messages"). */
public enum MessageType {
  PUT_VALUE(0),
  GET_VALUE(1),
  ADD_PROVIDER(2),
  GET_PROVIDERS(3),
  FIND_NODE(4),
  PING(5);

  private final int number;

  MessageType(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** The type with this wire number, or null when the number is unknown. */
  static MessageType ofNumber(int number) {
    for (MessageType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    return null;
  }
}
