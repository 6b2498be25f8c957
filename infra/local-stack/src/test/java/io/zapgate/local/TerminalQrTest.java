package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

/** The terminal rendering decodes back to the same text (read as pixels: each character is 1×2 modules). */
class TerminalQrTest {
    @Test
    void renderingDecodesBack() throws Exception {
        String qr = "https://wa.me/settings/linked_devices#2@abc,def,ghi,jkl,1";
        String[] lines = TerminalQr.render(qr).split("\n");
        int scale = 4;
        int w = lines[0].length() * scale;
        int h = lines.length * 2 * scale;
        int[] px = new int[w * h];
        for (int row = 0; row < lines.length; row++) {
            for (int col = 0; col < lines[row].length(); col++) {
                char c = lines[row].charAt(col);
                boolean topDark = c == ' ' || c == '▄';
                boolean bottomDark = c == ' ' || c == '▀';
                for (int dy = 0; dy < 2 * scale; dy++) {
                    boolean dark = dy < scale ? topDark : bottomDark;
                    for (int dx = 0; dx < scale; dx++) {
                        px[(row * 2 * scale + dy) * w + col * scale + dx] = dark ? 0xFF000000 : 0xFFFFFFFF;
                    }
                }
            }
        }
        LuminanceSource src = new RGBLuminanceSource(w, h, px);
        assertThat(new QRCodeReader()
                        .decode(new BinaryBitmap(new HybridBinarizer(src)))
                        .getText())
                .isEqualTo(qr);
    }
}
