package dev.samizdat.crypto;

import java.nio.charset.StandardCharsets;

/**
 * A domain-separation label for signatures: what is signed is {@code len(label) ‖ label ‖ message}
 * (length as one unsigned byte), so that a signature made for one purpose never verifies for another.
 * Labels are short ASCII strings such as {@code "samizdat/prekey-bundle/v1"}.
 */
public record SignatureDomain(String label) {
  /** One length byte prefixes the label. */
  public static final int MAX_LABEL_LENGTH = 255;

  public SignatureDomain {
    if (label == null || label.isEmpty() || label.length() > MAX_LABEL_LENGTH
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(label)) {
      throw new IllegalArgumentException("a signature domain is 1.." + MAX_LABEL_LENGTH + " ASCII characters");
    }
  }

  public static SignatureDomain of(String label) {
    return new SignatureDomain(label);
  }

  /** The exact bytes a signature in this domain covers. */
  public byte[] frame(byte[] message) {
    byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
    byte[] framed = new byte[1 + labelBytes.length + message.length];
    framed[0] = (byte) labelBytes.length;
    System.arraycopy(labelBytes, 0, framed, 1, labelBytes.length);
    System.arraycopy(message, 0, framed, 1 + labelBytes.length, message.length);
    return framed;
  }
}
