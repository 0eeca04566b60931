package dev.samizdat.libp2p.noise;

/** Writes the 2-byte big-endian length prefix of the libp2p Noise wire format (see {@link NoiseFrameDecoder}). */
final class NoiseFrames {
  private NoiseFrames() {}

  static void putLength(byte[] out, int offset, int length) {
    if (length > Noise.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("a Noise message is at most " + Noise.MAX_MESSAGE_LENGTH + " bytes");
    }
    out[offset] = (byte) (length >>> 8);
    out[offset + 1] = (byte) length;
  }

  /** One Noise message with its length prefix. */
  static byte[] frame(byte[] message) {
    byte[] out = new byte[Noise.LENGTH_PREFIX_LENGTH + message.length];
    putLength(out, 0, message.length);
    System.arraycopy(message, 0, out, Noise.LENGTH_PREFIX_LENGTH, message.length);
    return out;
  }
}
