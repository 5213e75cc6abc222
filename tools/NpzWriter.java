// NpzWriter.java: saves float32 arrays from a Java run as an .npz (a zip of .npy files) named by layer, for
// `tensor-parity compare-models MODEL activations.npz --input input.npy`. JDK only, no dependencies (Java 11+).
//
//   try (NpzWriter npz = new NpzWriter("activations.npz")) {
//     npz.add("conv2d_1/Relu", values, 1, 128, 128, 16);   // name = the tensor you fetched, then its shape
//   }
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes float32 arrays into an .npz that numpy and Tensor Parity read. */
public final class NpzWriter implements Closeable {
  private final ZipOutputStream zip;

  /** Creates (or replaces) the .npz file at path. */
  public NpzWriter(String path) throws IOException {
    zip = new ZipOutputStream(new FileOutputStream(path));
  }

  /** Adds one array (C order, as TensorFlow and TFLite hold it) under name, e.g. the tensor it was fetched from. */
  public void add(String name, float[] data, long... shape) throws IOException {
    long count = 1;
    StringBuilder dims = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      count *= shape[i];
      dims.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
    }
    if (count != data.length) {
      throw new IllegalArgumentException(name + ": shape holds " + count + " values, data has " + data.length);
    }
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
    ByteBuffer npy = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    npy.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    npy.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    for (float v : data) npy.putFloat(v);
    zip.putNextEntry(new ZipEntry(name + ".npy"));
    zip.write(npy.array());
    zip.closeEntry();
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
