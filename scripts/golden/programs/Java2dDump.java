// A real Java (desktop / server) input pipeline: ImageIO.read, a Java2D resize to the model's 32x32, then the pixels
// written to a float32 ByteBuffer in native order divided by 255, as TensorFlow Lite Java code fills its input buffer.
// Built and run by scripts/golden/make_realdump_programs.py:  javac Java2dDump.java && java Java2dDump <mode> <image> <out.bin>
//   bilinear / bicubic / nearest: Graphics2D.drawImage(img, 0, 0, 32, 32, null) with that KEY_INTERPOLATION hint
//     (nearest: no hint at all, the Graphics2D default);
//   smooth: img.getScaledInstance(32, 32, Image.SCALE_SMOOTH) drawn into a TYPE_INT_RGB BufferedImage;
//   affine: new AffineTransformOp(AffineTransform.getScaleInstance(32.0 / w, 32.0 / h), TYPE_BILINEAR).filter(img, null).
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

public class Java2dDump {
  static final int W = 32, H = 32;

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    BufferedImage src = ImageIO.read(new File(args[1]));
    BufferedImage resized = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = resized.createGraphics();
    switch (args[0]) {
      case "bilinear":
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, W, H, null);
        break;
      case "bicubic":
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, W, H, null);
        break;
      case "nearest":
        g.drawImage(src, 0, 0, W, H, null);
        break;
      case "smooth":
        g.drawImage(src.getScaledInstance(W, H, Image.SCALE_SMOOTH), 0, 0, null);
        break;
      case "affine": {
        AffineTransform scale = AffineTransform.getScaleInstance((double) W / src.getWidth(), (double) H / src.getHeight());
        resized = new AffineTransformOp(scale, AffineTransformOp.TYPE_BILINEAR).filter(src, null);
        break;
      }
      default:
        throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    g.dispose();
    ByteBuffer buf = ByteBuffer.allocateDirect(4 * H * W * 3).order(ByteOrder.nativeOrder());
    int[] pixels = new int[W * H];
    resized.getRGB(0, 0, W, H, pixels, 0, W);
    for (int p : pixels) {
      buf.putFloat(((p >> 16) & 0xFF) / 255.0f);
      buf.putFloat(((p >> 8) & 0xFF) / 255.0f);
      buf.putFloat((p & 0xFF) / 255.0f);
    }
    byte[] out = new byte[buf.capacity()];
    buf.rewind();
    buf.get(out);
    try (FileOutputStream f = new FileOutputStream(args[2])) { f.write(out); }
  }
}
