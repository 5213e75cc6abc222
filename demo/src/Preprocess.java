package com.example.selfie;

import android.graphics.Bitmap;
import android.graphics.Color;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

import org.tensorflow.lite.Interpreter;

/** Android port of preprocess.py: turns a camera Bitmap into the selfie model's input buffer. */
public final class Preprocess {
  private static final int INPUT_SIZE = 224;
  private static final int CHANNELS = 3;

  private Preprocess() {}

  /** Scales the bitmap to the model input and packs it as float32 values in [-1, 1]. */
  public static ByteBuffer toInputBuffer(Bitmap bitmap) {
    Bitmap scaled = Bitmap.createScaledBitmap(bitmap, INPUT_SIZE, INPUT_SIZE, true);
    ByteBuffer buffer = ByteBuffer.allocateDirect(4 * INPUT_SIZE * INPUT_SIZE * CHANNELS);
    int[] pixels = new int[INPUT_SIZE * INPUT_SIZE];
    scaled.getPixels(pixels, 0, INPUT_SIZE, 0, 0, INPUT_SIZE, INPUT_SIZE);
    for (int pixel : pixels) {
      float r = ((pixel >> 16) & 0xFF) / 127.5f - 1.0f;
      float g = ((pixel >> 8) & 0xFF) / 127.5f - 1.0f;
      float b = (pixel & 0xFF) / 127.5f - 1.0f;
      buffer.putFloat(r);
      buffer.putFloat(g);
      buffer.putFloat(b);
    }
    buffer.rewind();
    return buffer;
  }

  /**
   * The same input as a float array, for interpreters fed through FloatBuffer.wrap. Ported from the PyTorch Mobile
   * version of this app.
   */
  public static float[] toInputArray(Bitmap bitmap) {
    Bitmap scaled = Bitmap.createScaledBitmap(bitmap, INPUT_SIZE, INPUT_SIZE, true);
    int[] pixels = new int[INPUT_SIZE * INPUT_SIZE];
    scaled.getPixels(pixels, 0, INPUT_SIZE, 0, 0, INPUT_SIZE, INPUT_SIZE);
    int plane = INPUT_SIZE * INPUT_SIZE;
    float[] values = new float[CHANNELS * plane];
    for (int i = 0; i < plane; i++) {
      values[i] = Color.red(pixels[i]) / 255.0f;
      values[plane + i] = Color.green(pixels[i]) / 255.0f;
      values[2 * plane + i] = Color.blue(pixels[i]) / 255.0f;
    }
    return values;
  }

  /** Runs the model and returns the person probability of each output pixel. */
  public static float[] segment(Interpreter interpreter, Bitmap bitmap) {
    return run(interpreter, toInputBuffer(bitmap));
  }

  /** Same as segment, with the float-array input. */
  public static float[] segmentFromArray(Interpreter interpreter, Bitmap bitmap) {
    return run(interpreter, FloatBuffer.wrap(toInputArray(bitmap)));
  }

  private static float[] run(Interpreter interpreter, Object input) {
    float[][][][] output = new float[1][256][256][1];
    interpreter.run(input, output);
    float[] mask = new float[256 * 256];
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        mask[y * 256 + x] = output[0][y][x][0];
      }
    }
    return mask;
  }
}
