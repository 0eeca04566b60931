package dev.samizdat.node.api;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * QR codes for the web client, drawn as SVG: the user's link, and the safety number's binary
 * payload. Encoded server-side with ZXing (byte mode, error correction level M) so that the
 * browser needs no QR code of its own. Pure: bytes in, SVG text out.
 */
public final class WebQr {
  /**
   * A link is under 100 bytes and a safety-number payload under 100; 1024 leaves room and keeps
   * the code scannable from a screen (version ~25 at level M).
   */
  public static final int MAX_PAYLOAD_BYTES = 1024;
  /** ISO/IEC 18004 section 7.3.7: the quiet zone is four modules wide. */
  private static final int QUIET_ZONE = 4;

  private WebQr() {}

  /** The QR code of {@code payload}, each byte encoded as itself (byte mode, ISO-8859-1). */
  public static String svg(byte[] payload) {
    if (payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("a QR payload must have 1 to " + MAX_PAYLOAD_BYTES + " bytes, not "
          + payload.length);
    }
    BitMatrix matrix;
    try {
      matrix = new QRCodeWriter().encode(new String(payload, StandardCharsets.ISO_8859_1), BarcodeFormat.QR_CODE,
          0, 0, Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
              EncodeHintType.CHARACTER_SET, StandardCharsets.ISO_8859_1.name(),
              EncodeHintType.MARGIN, QUIET_ZONE));
    } catch (WriterException e) {
      throw new IllegalArgumentException("cannot encode a QR code: " + e.getMessage(), e);
    }
    int width = matrix.getWidth();
    int height = matrix.getHeight();
    var path = new StringBuilder(width * height * 4);
    for (int y = 0; y < height; y++) {
      int x = 0;
      while (x < width) {
        if (!matrix.get(x, y)) {
          x++;
          continue;
        }
        int start = x;
        while (x < width && matrix.get(x, y)) {
          x++;
        }
        path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-")
            .append(x - start).append('z');
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + width + " " + height
        + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
  }
}
