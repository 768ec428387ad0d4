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
 * Latency over time for one run, as Jepsen's {@code latency-raw.png}: one point per operation
 * (invocation time on x, latency on a log scale on y, colour by operation, hollow when not ok) with
 * the fault windows shaded. Plain Java2D; call with {@code -Djava.awt.headless=true} on servers.
 */
public final class LatencyPlot {
  static final int WIDTH = 720;
  static final int HEIGHT = 300;
  private static final int LEFT = 60;
  private static final int RIGHT = 110;
  private static final int TOP = 24;
  private static final int BOTTOM = 36;
  private static final Map<String, Color> COLOURS =
      Map.of(
          "acquire", new Color(0x1f77b4),
          "release", new Color(0x2ca02c),
          "decrement", new Color(0xd62728),
          "read", new Color(0x9467bd));

  private LatencyPlot() {}

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
      double maxMs = 1;
      for (RunRecord.Sample s : samples) {
        maxT = Math.max(maxT, s.atSeconds());
        maxMs = Math.max(maxMs, s.millis());
      }
      for (RunRecord.Window w : windows) {
        maxT = Math.max(maxT, w.toSeconds());
      }
      double logMax = Math.ceil(Math.log10(maxMs * 1.2));
      int pw = WIDTH - LEFT - RIGHT;
      int ph = HEIGHT - TOP - BOTTOM;
      double tMax = maxT * 1.05;
      g.setColor(new Color(255, 200, 120, 120));
      for (RunRecord.Window w : windows) {
        int x0 = LEFT + (int) (w.fromSeconds() / tMax * pw);
        int x1 = LEFT + (int) Math.max(w.fromSeconds() / tMax * pw + 2, w.toSeconds() / tMax * pw);
        g.fillRect(x0, TOP, Math.max(2, x1 - x0), ph);
      }
      g.setColor(Color.GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      // y: log10(ms) from -1 (0.1 ms) to logMax
      double logMin = -1;
      for (int e = (int) logMin; e <= logMax; e++) {
        int y = TOP + ph - (int) ((e - logMin) / (logMax - logMin) * ph);
        g.drawLine(LEFT - 3, y, LEFT + pw, y);
        g.drawString(e < 0 ? "0.1 ms" : (long) Math.pow(10, e) + " ms", 4, y + 4);
      }
      for (int i = 0; i <= 5; i++) {
        double t = tMax * i / 5;
        int x = LEFT + (int) (t / tMax * pw);
        g.drawLine(x, TOP + ph, x, TOP + ph + 3);
        g.drawString(String.format("%.1f s", t), x - 12, TOP + ph + 15);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, pw, ph);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
      g.drawString(title, LEFT, 15);
      g.setStroke(new BasicStroke(1.2f));
      for (RunRecord.Sample s : samples) {
        double l = Math.log10(Math.max(0.1, s.millis()));
        int x = LEFT + (int) (s.atSeconds() / tMax * pw);
        int y = TOP + ph - (int) ((l - logMin) / (logMax - logMin) * ph);
        g.setColor(COLOURS.getOrDefault(s.f(), Color.DARK_GRAY));
        if (s.ok()) {
          g.fillOval(x - 3, y - 3, 6, 6);
        } else {
          g.drawOval(x - 3, y - 3, 6, 6);
        }
      }
      int ly = TOP + 10;
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      for (String f : List.of("acquire", "release", "decrement")) {
        g.setColor(COLOURS.get(f));
        g.fillOval(LEFT + pw + 12, ly - 7, 7, 7);
        g.setColor(Color.BLACK);
        g.drawString(f, LEFT + pw + 24, ly);
        ly += 15;
      }
      g.setColor(new Color(255, 200, 120));
      g.fillRect(LEFT + pw + 12, ly - 7, 7, 7);
      g.setColor(Color.BLACK);
      g.drawString("fault", LEFT + pw + 24, ly);
      g.drawString("hollow: not ok", LEFT + pw + 12, ly + 15);
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
          "seed "
              + run.plan().seed()
              + ": "
              + run.windows().stream().map(RunRecord.Window::label).findFirst().orElse("no fault");
      ImageIO.write(draw(title, run.samples(), run.windows()), "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
