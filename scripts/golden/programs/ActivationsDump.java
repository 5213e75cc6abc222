// A Java run's activations saved with tools/NpzWriter.java. The tensors come from raw float32 files listed in
// DIR/list.txt ("name<TAB>d0,d1,...<TAB>file" per line), standing in for session.runner().fetch(name)...run()
// (no TensorFlow Java here); the writer is what a user's program would call.
// Built and run by scripts/golden/make_activation_writers.py.
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

public final class ActivationsDump {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    try (NpzWriter npz = new NpzWriter(args[0])) {
      for (String line : Files.readAllLines(dir.resolve("list.txt"))) {
        if (line.isEmpty()) continue;
        String[] f = line.split("\t");
        long[] shape = Arrays.stream(f[1].split(",")).mapToLong(Long::parseLong).toArray();
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(f[2]))).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(values);
        npz.add(f[0], values, shape);
      }
    }
  }
}
