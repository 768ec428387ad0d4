package dev.distlock.report;

import dev.distlock.matrix.RunRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Throughput over time for one run, as Jepsen's {@code rate.png}: completed operations per second
 * by operation (ok solid, not ok dashed for acquires) in buckets of a quarter second to a second,
 * with the fault windows shaded. Plain Java2D, headless.
 */
public final class ThroughputPlot {
  private static final int WIDTH = LatencyPlot.WIDTH;
  private static final int HEIGHT = LatencyPlot.HEIGHT;
  private static final int LEFT = 60;
  private static final int RIGHT = 110;
  private static final int TOP = 24;
  private static final int BOTTOM = 36;
  private static final List<String> SERIES = List.of("acquire", "release", "decrement");
  private static final Map<String, Color> COLOURS =
      Map.of(
          "acquire", new Color(0x1f77b4),
          "release", new Color(0x2ca02c),
          "decrement", new Color(0xd62728));

  private ThroughputPlot() {}

  /**
   * Counts ok completions per bucket.
   *
   * @param samples the operations
   * @param f the operation
   * @param bucket bucket width in seconds
   * @param buckets number of buckets
   * @return operations per second in each bucket
   */
  static double[] rate(List<RunRecord.Sample> samples, String f, double bucket, int buckets) {
    double[] out = new double[buckets];
    for (RunRecord.Sample s : samples) {
      if (s.ok() && s.f().equals(f)) {
        int i = (int) ((s.atSeconds() + s.millis() / 1000) / bucket);
        if (i >= 0 && i < buckets) {
          out[i] += 1 / bucket;
        }
      }
    }
    return out;
  }

  /**
   * Draws the plot.
   *
   * @param title the title line
   * @param samples the operations
   * @param windows the fault windows
   * @return the image
   */
  public static BufferedImage draw(
      String title, List<RunRecord.Sample> samples, List<RunRecord.Window> windows) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      double maxT = 0.001;
      for (RunRecord.Sample s : samples) {
        maxT = Math.max(maxT, s.atSeconds() + s.millis() / 1000);
      }
      for (RunRecord.Window w : windows) {
        maxT = Math.max(maxT, w.toSeconds());
      }
      double bucket = maxT > 60 ? 1 : 0.25;
      int buckets = (int) Math.ceil(maxT / bucket) + 1;
      double tMax = buckets * bucket;
      double maxRate = 1;
      for (String f : SERIES) {
        for (double v : rate(samples, f, bucket, buckets)) {
          maxRate = Math.max(maxRate, v);
        }
      }
      maxRate *= 1.1;
      int pw = WIDTH - LEFT - RIGHT;
      int ph = HEIGHT - TOP - BOTTOM;
      g.setColor(new Color(255, 200, 120, 120));
      for (RunRecord.Window w : windows) {
        int x0 = LEFT + (int) (w.fromSeconds() / tMax * pw);
        int x1 = LEFT + (int) (w.toSeconds() / tMax * pw);
        g.fillRect(x0, TOP, Math.max(2, x1 - x0), ph);
      }
      g.setColor(Color.GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      for (int i = 0; i <= 4; i++) {
        int y = TOP + ph - ph * i / 4;
        g.drawLine(LEFT - 3, y, LEFT + pw, y);
        g.drawString(String.format("%.0f/s", maxRate * i / 4), 4, y + 4);
      }
      for (int i = 0; i <= 5; i++) {
        int x = LEFT + pw * i / 5;
        g.drawLine(x, TOP + ph, x, TOP + ph + 3);
        g.drawString(String.format("%.1f s", tMax * i / 5), x - 12, TOP + ph + 15);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, pw, ph);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
      g.drawString(title, LEFT, 15);
      g.setStroke(new BasicStroke(1.5f));
      int ly = TOP + 10;
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      for (String f : SERIES) {
        double[] r = rate(samples, f, bucket, buckets);
        g.setColor(COLOURS.get(f));
        for (int i = 1; i < buckets; i++) {
          g.drawLine(
              LEFT + (int) ((i - 0.5) * bucket / tMax * pw),
              TOP + ph - (int) (r[i - 1] / maxRate * ph),
              LEFT + (int) ((i + 0.5) * bucket / tMax * pw),
              TOP + ph - (int) (r[i] / maxRate * ph));
        }
        g.fillRect(LEFT + pw + 12, ly - 7, 7, 7);
        g.setColor(Color.BLACK);
        g.drawString(f + " ok/s", LEFT + pw + 24, ly);
        ly += 15;
      }
      g.setColor(new Color(255, 200, 120));
      g.fillRect(LEFT + pw + 12, ly - 7, 7, 7);
      g.setColor(Color.BLACK);
      g.drawString("fault", LEFT + pw + 24, ly);
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * Draws the plot of a run into a PNG file.
   *
   * @param run the run
   * @param file the PNG to write
   * @return {@code file}
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path write(RunRecord run, Path file) {
    try {
      Files.createDirectories(file.getParent());
      String title =
          "seed " + run.plan().seed() + ": throughput, " + run.windows().size() + " faults";
      ImageIO.write(draw(title, run.samples(), run.windows()), "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
