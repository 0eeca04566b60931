package dev.samizdat.libp2p;

/** Bitcoin-alphabet base58 (base58btc), as PeerIds are printed. */
public final class Base58 {
  /** Longer texts are not identifiers; the quadratic conversion must stay cheap. */
  public static final int MAX_TEXT_LENGTH = 512;

  private static final BaseX CODEC =
      new BaseX("base58btc", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");

  private Base58() {}

  public static String encode(byte[] input) {
    return CODEC.encode(input);
  }

  /** @throws IllegalArgumentException for characters outside the alphabet or an over-long text */
  public static byte[] decode(String input) {
    if (input.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("base58 text longer than " + MAX_TEXT_LENGTH + " characters");
    }
    return CODEC.decode(input);
  }
}
