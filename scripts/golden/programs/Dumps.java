// Real Java (Android-style) tensor filling mistakes; reads the 32x32 RGB bytes the reference resize produced
// (rgb32.raw) and writes the buffer it would hand the interpreter, in native byte order.
// Built and run by scripts/golden/make_realdump_programs.py:  javac Dumps.java && java Dumps <mode> <rgb32.raw> <out.bin>
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;

public class Dumps {
  static final int W = 32, H = 32;

  public static void main(String[] args) throws Exception {
    byte[] rgb = Files.readAllBytes(Paths.get(args[1]));
    ByteBuffer buf;
    switch (args[0]) {
      case "bottom-up": {
        // Rows filled bottom-up, as when copying from an OpenGL readPixels / BMP buffer without flipping.
        buf = ByteBuffer.allocateDirect(4 * H * W * 3).order(ByteOrder.nativeOrder());
        FloatBuffer fb = buf.asFloatBuffer();
        for (int y = H - 1; y >= 0; y--)
          for (int x = 0; x < W; x++)
            for (int c = 0; c < 3; c++) fb.put((rgb[(y * W + x) * 3 + c] & 0xFF) / 255.0f);
        break;
      }
      case "double-planar": {
        // A double[] planar (channel-first) input, as ported from PyTorch code, written as native doubles.
        buf = ByteBuffer.allocateDirect(8 * H * W * 3).order(ByteOrder.nativeOrder());
        DoubleBuffer db = buf.asDoubleBuffer();
        for (int c = 0; c < 3; c++)
          for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) db.put((rgb[(y * W + x) * 3 + c] & 0xFF) / 255.0);
        break;
      }
      case "rotate270": {
        // The camera frame in sensor orientation: x and y swapped and one axis reversed (rotated 90 degrees counter-clockwise).
        buf = ByteBuffer.allocateDirect(4 * H * W * 3).order(ByteOrder.nativeOrder());
        FloatBuffer fb = buf.asFloatBuffer();
        for (int i = 0; i < W; i++)
          for (int j = 0; j < H; j++)
            for (int c = 0; c < 3; c++) fb.put((rgb[(j * W + (W - 1 - i)) * 3 + c] & 0xFF) / 255.0f);
        break;
      }
      default:
        throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    byte[] out = new byte[buf.capacity()];
    buf.rewind();
    buf.get(out);
    try (FileOutputStream f = new FileOutputStream(args[2])) { f.write(out); }
  }
}
