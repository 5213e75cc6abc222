// Held-out diagnosis round: the TensorFlow Lite Android image classification demo's float input (re-typed), on the
// desktop: the Bitmap is an ImageIO image scaled with Graphics2D bilinear (createScaledBitmap(..., true) has no
// desktop twin), its ARGB ints read with getRGB as Bitmap.getPixels gives them.
// Source: https://github.com/tensorflow/examples/blob/master/lite/examples/image_classification/android/app/src/main/java/org/tensorflow/lite/examples/classification/tflite/ClassifierFloatMobileNet.java
//   and ImageClassifierFloatMobileNet.java (tensorflow/tensorflow contrib/lite/java/demo):
//   imgData = ByteBuffer.allocateDirect(4 * w * h * 3); imgData.order(ByteOrder.nativeOrder());
//   imgData.putFloat((((val >> 16) & 0xFF) - IMAGE_MEAN) / IMAGE_STD);  // IMAGE_MEAN = IMAGE_STD = 127.5f
// Run: java TfliteClassifierDump IMAGE SIZE OUT.bin
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

public class TfliteClassifierDump {
  private static final float IMAGE_MEAN = 127.5f;
  private static final float IMAGE_STD = 127.5f;

  public static void main(String[] args) throws Exception {
    BufferedImage src = ImageIO.read(new File(args[0]));
    int size = Integer.parseInt(args[1]);
    BufferedImage bitmap = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = bitmap.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, size, size, null);
    g.dispose();
    int[] intValues = new int[size * size];
    bitmap.getRGB(0, 0, size, size, intValues, 0, size);
    ByteBuffer imgData = ByteBuffer.allocateDirect(4 * size * size * 3);
    imgData.order(ByteOrder.nativeOrder());
    imgData.rewind();
    int pixel = 0;
    for (int i = 0; i < size; ++i) {
      for (int j = 0; j < size; ++j) {
        final int val = intValues[pixel++];
        imgData.putFloat((((val >> 16) & 0xFF) - IMAGE_MEAN) / IMAGE_STD);
        imgData.putFloat((((val >> 8) & 0xFF) - IMAGE_MEAN) / IMAGE_STD);
        imgData.putFloat(((val & 0xFF) - IMAGE_MEAN) / IMAGE_STD);
      }
    }
    byte[] out = new byte[imgData.capacity()];
    imgData.rewind();
    imgData.get(out);
    try (FileOutputStream f = new FileOutputStream(args[2])) { f.write(out); }
  }
}
