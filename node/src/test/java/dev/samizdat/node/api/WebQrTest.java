package dev.samizdat.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SVG is rasterised from its own path and read back with ZXing's decoder. */
class WebQrTest {
  private static final int SCALE = 4;

  @Test
  void aLinkReadsBackFromTheDrawnCode() throws Exception {
    String link = "samizdat:peer/12D3KooWGzBrWJ3Ub6Sr3yzNsKxMLj8Yg5SRnHDXiXpV5R9mvUFz";
    assertThat(new String(readBack(WebQr.svg(link.getBytes(StandardCharsets.UTF_8))), StandardCharsets.ISO_8859_1))
        .isEqualTo(link);
  }

  @Test
  void binaryPayloadsReadBackByteForByte() throws Exception {
    byte[] payload = new byte[80];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 37 + 11);
    }
    assertThat(readBack(WebQr.svg(payload))).isEqualTo(payload);
  }

  @Test
  void emptyAndOversizedPayloadsAreRefused() {
    assertThatThrownBy(() -> WebQr.svg(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebQr.svg(new byte[WebQr.MAX_PAYLOAD_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] readBack(String svg) throws Exception {
    var size = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(size.find()).isTrue();
    int width = Integer.parseInt(size.group(1));
    int height = Integer.parseInt(size.group(2));
    int[] pixels = new int[width * SCALE * height * SCALE];
    java.util.Arrays.fill(pixels, 0xFFFFFF);
    var run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\d+z").matcher(svg);
    while (run.find()) {
      int x0 = Integer.parseInt(run.group(1));
      int y = Integer.parseInt(run.group(2));
      int length = Integer.parseInt(run.group(3));
      for (int x = x0; x < x0 + length; x++) {
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) {
            pixels[(y * SCALE + dy) * width * SCALE + x * SCALE + dx] = 0;
          }
        }
      }
    }
    var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width * SCALE, height * SCALE, pixels)));
    var result = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.CHARACTER_SET, "ISO-8859-1",
        DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    return result.getText().getBytes(StandardCharsets.ISO_8859_1);
  }
}
