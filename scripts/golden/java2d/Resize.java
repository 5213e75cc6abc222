// Resizes PNG images with each Java2D path a Java deployment uses and writes the raw uint8 RGB results.
//
// Usage: java Resize JOBS OUT_DIR
//        java Resize --bench RUNS IMAGE WIDTH HEIGHT   (bench/java2d.mjs: the fastest of RUNS runs per path, in ns,
//        after 3 warm-up runs; the decode is not timed)
//   JOBS: one job a line, "name input.png width height".
//   Writes OUT_DIR/<name>_<w>x<h>_<path>.rgb (height × width × 3 bytes, RGB) for each path below, and prints
//   one line per path with the nanoseconds it took (all jobs summed) for the bench.
//
// Paths (the source image is what ImageIO.read returns, TYPE_3BYTE_BGR for an 8-bit RGB PNG, unless -intrgb):
//   g2d-nearest / g2d-bilinear / g2d-bicubic: Graphics2D.drawImage(img, 0, 0, w, h, null) on a new TYPE_INT_RGB
//       image with RenderingHints.KEY_INTERPOLATION NEAREST_NEIGHBOR / BILINEAR / BICUBIC.
//   *-intrgb: the same from a TYPE_INT_RGB copy of the source.
//   *-bgr: the same into a TYPE_3BYTE_BGR destination.
//   smooth: Image.getScaledInstance(w, h, Image.SCALE_SMOOTH) (AreaAveragingScaleFilter) drawn into TYPE_INT_RGB.
//   replicate: Image.getScaledInstance(w, h, Image.SCALE_FAST) (ReplicateScaleFilter).
//   atop-nearest / atop-bilinear / atop-bicubic: new AffineTransformOp(AffineTransform.getScaleInstance(w / sw,
//       h / sh), TYPE_*).filter(img, null) (the op makes a destination like the source, of the size its bounds give;
//       that size is written in the job's stderr line when it is not w × h).
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Resize {
    interface Path {
        BufferedImage run(BufferedImage src, int w, int h);
    }

    static BufferedImage draw(BufferedImage src, int w, int h, Object hint, int dstType) {
        BufferedImage dst = new BufferedImage(w, h, dstType);
        Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }

    static BufferedImage scaled(BufferedImage src, int w, int h, int hints) {
        Image img = src.getScaledInstance(w, h, hints);
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        if (!g.drawImage(img, 0, 0, null)) throw new IllegalStateException("scaled image not ready");
        g.dispose();
        return dst;
    }

    static BufferedImage affine(BufferedImage src, int w, int h, int type) {
        AffineTransform at = AffineTransform.getScaleInstance((double) w / src.getWidth(), (double) h / src.getHeight());
        return new AffineTransformOp(at, type).filter(src, null);
    }

    static BufferedImage toIntRgb(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    static byte[] rgbBytes(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x], o = (y * w + x) * 3;
                out[o] = (byte) (p >> 16);
                out[o + 1] = (byte) (p >> 8);
                out[o + 2] = (byte) p;
            }
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Object nn = RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR;
        Object bl = RenderingHints.VALUE_INTERPOLATION_BILINEAR;
        Object bc = RenderingHints.VALUE_INTERPOLATION_BICUBIC;
        int rgb = BufferedImage.TYPE_INT_RGB, bgr = BufferedImage.TYPE_3BYTE_BGR;
        Map<String, Path> paths = new LinkedHashMap<>();
        paths.put("g2d-nearest", (s, w, h) -> draw(s, w, h, nn, rgb));
        paths.put("g2d-bilinear", (s, w, h) -> draw(s, w, h, bl, rgb));
        paths.put("g2d-bicubic", (s, w, h) -> draw(s, w, h, bc, rgb));
        paths.put("g2d-nearest-intrgb", (s, w, h) -> draw(toIntRgb(s), w, h, nn, rgb));
        paths.put("g2d-bilinear-intrgb", (s, w, h) -> draw(toIntRgb(s), w, h, bl, rgb));
        paths.put("g2d-bicubic-intrgb", (s, w, h) -> draw(toIntRgb(s), w, h, bc, rgb));
        paths.put("g2d-nearest-bgr", (s, w, h) -> draw(s, w, h, nn, bgr));
        paths.put("g2d-bilinear-bgr", (s, w, h) -> draw(s, w, h, bl, bgr));
        paths.put("g2d-bicubic-bgr", (s, w, h) -> draw(s, w, h, bc, bgr));
        paths.put("smooth", (s, w, h) -> scaled(s, w, h, Image.SCALE_SMOOTH));
        paths.put("replicate", (s, w, h) -> scaled(s, w, h, Image.SCALE_FAST));
        paths.put("atop-nearest", (s, w, h) -> affine(s, w, h, AffineTransformOp.TYPE_NEAREST_NEIGHBOR));
        paths.put("atop-bilinear", (s, w, h) -> affine(s, w, h, AffineTransformOp.TYPE_BILINEAR));
        paths.put("atop-bicubic", (s, w, h) -> affine(s, w, h, AffineTransformOp.TYPE_BICUBIC));

        if (args[0].equals("--bench")) {
            int runs = Integer.parseInt(args[1]);
            BufferedImage src = javax.imageio.ImageIO.read(new File(args[2]));
            int w = Integer.parseInt(args[3]), h = Integer.parseInt(args[4]);
            for (String name : new String[] {"g2d-nearest", "g2d-bilinear", "g2d-bicubic", "smooth", "replicate", "atop-nearest", "atop-bilinear", "atop-bicubic"}) {
                Path p = paths.get(name);
                long best = Long.MAX_VALUE;
                for (int i = 0; i < runs + 3; i++) {
                    long t0 = System.nanoTime();
                    p.run(src, w, h);
                    long t = System.nanoTime() - t0;
                    if (i >= 3) best = Math.min(best, t);
                }
                System.out.println(name + " " + best);
            }
            return;
        }
        List<String> jobs = Files.readAllLines(new File(args[0]).toPath());
        File outDir = new File(args[1]);
        Map<String, Long> nanos = new LinkedHashMap<>();
        for (String job : jobs) {
            if (job.isBlank()) continue;
            String[] f = job.trim().split("\\s+");
            BufferedImage src = javax.imageio.ImageIO.read(new File(f[1]));
            int w = Integer.parseInt(f[2]), h = Integer.parseInt(f[3]);
            for (Map.Entry<String, Path> p : paths.entrySet()) {
                long t0 = System.nanoTime();
                BufferedImage out = p.getValue().run(src, w, h);
                nanos.merge(p.getKey(), System.nanoTime() - t0, Long::sum);
                String name = f[0] + "_" + w + "x" + h + "_" + p.getKey() + ".rgb";
                if (out.getWidth() != w || out.getHeight() != h) {
                    System.err.println("size " + name + " " + out.getWidth() + " " + out.getHeight());
                }
                try (FileOutputStream os = new FileOutputStream(new File(outDir, name))) {
                    os.write(rgbBytes(out));
                }
            }
            System.err.println(f[0] + " " + w + "x" + h + " source type " + src.getType());
        }
        for (Map.Entry<String, Long> e : nanos.entrySet()) System.out.println(e.getKey() + " " + e.getValue());
    }
}
