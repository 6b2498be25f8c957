package io.zapgate.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The hand-written PNG encoder draws exactly the QR matrix, readable by a standard PNG decoder (ImageIO). */
class QrImagesTest {
    private static final String QR = "2@Zm9vYmFyYmF6cXV4,AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/ABCDE=,"
            + "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210+/abcde=,MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=,1";

    @Test
    void thePngHoldsTheMatrixPixelForPixel() throws Exception {
        String url = QrImages.pngDataUrl(QR);
        assertThat(url).startsWith("data:image/png;base64,");
        BufferedImage img = ImageIO.read(
                new ByteArrayInputStream(Base64.getDecoder().decode(url.substring("data:image/png;base64,".length()))));
        BitMatrix m = new QRCodeWriter()
                .encode(
                        QR,
                        BarcodeFormat.QR_CODE,
                        264,
                        264,
                        Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L, EncodeHintType.MARGIN, 2));
        assertThat(img.getWidth()).isEqualTo(m.getWidth());
        assertThat(img.getHeight()).isEqualTo(m.getHeight());
        int black = 0;
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                assertThat(rgb).as("pixel %d,%d", x, y).isEqualTo(m.get(x, y) ? 0x000000 : 0xFFFFFF);
                black += m.get(x, y) ? 1 : 0;
            }
        }
        assertThat(black).isGreaterThan(1000);
    }
}
