package dev.distlock.bench.segments;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.RedisServer;
import dev.distlock.guard.FencedResource;
import dev.distlock.guard.SegmentedInventory;
import dev.distlock.guard.SegmentedInventory.Outcome;
import dev.distlock.redis.RedisFencedResource;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import redis.clients.jedis.RedisClient;

/**
 * 16 buyers (each its own lock client and store connection, like 16 processes) buying one SKU from
 * a SegmentedInventory with K = 1, 2, 4, 8, 16 segments on one local redis-server; prints
 * purchases/s per K, the ratio to K = 1, and the floor: the same 16 threads doing one unlocked
 * fenced write each (the store's round trip, no lock), measured in the same run. Writes a table and
 * a PNG plot.
 *
 * <p>Arguments: {@code [secondsPerK] [outputDir]} (defaults 3, {@code docs/results/plots}). Run on
 * demand: {@code java -cp bench/target/benchmarks.jar dev.distlock.bench.segments.SegmentBench}.
 */
public final class SegmentBench {
  private static final int BUYERS = 16;
  private static final int[] KS = {1, 2, 4, 8, 16};

  private SegmentBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path out = Path.of(args.length > 1 ? args[1] : "docs/results/plots");
    Map<String, Double> rates = new LinkedHashMap<>();
    try (RedisServer redis = RedisServer.start()) {
      RedisNode node = RedisNode.of(redis.host(), redis.port());
      LockSettings settings =
          LockSettings.builder().retryDelay(Duration.ofMillis(1), Duration.ofMillis(5)).build();
      List<LockClient> clients = new ArrayList<>();
      List<RedisClient> stores = new ArrayList<>();
      try {
        for (int b = 0; b < BUYERS; b++) {
          clients.add(RedisLocks.single(node, settings));
          stores.add(RedisClient.create(redis.host(), redis.port()));
        }
        rates.put("floor", floor(stores, seconds));
        for (int k : KS) {
          rates.put("K=" + k, purchases(clients, stores, k, seconds));
        }
      } finally {
        clients.forEach(LockClient::close);
        stores.forEach(RedisClient::close);
      }
    }
    double base = rates.get("K=1");
    System.out.println("\nMeasured under load (shared 2-core machine); ratios from the same run.");
    System.out.println("| segments | purchases/s | vs K=1 | vs floor (no lock) |");
    System.out.println("|---|---|---|---|");
    for (int k : KS) {
      double r = rates.get("K=" + k);
      System.out.printf("| %d | %.0f | %.2fx | %.2f |%n", k, r, r / base, r / rates.get("floor"));
    }
    System.out.printf("| floor: unlocked fenced write | %.0f | | 1.00 |%n", rates.get("floor"));
    Files.createDirectories(out);
    Path png = out.resolve("segments-bench.png");
    ImageIO.write(plot(rates), "png", png.toFile());
    System.out.println("plot: " + png);
  }

  /**
   * Purchases/s over {@code seconds}, after a one-second warm-up, with stock that never runs out.
   */
  private static double purchases(
      List<LockClient> clients, List<RedisClient> stores, int k, int seconds) throws Exception {
    String sku = "bench-k" + k + "-" + System.nanoTime();
    List<SegmentedInventory> buyers = new ArrayList<>();
    for (int b = 0; b < BUYERS; b++) {
      FencedResource resource = RedisFencedResource.create(stores.get(b), "bench:");
      buyers.add(SegmentedInventory.create(clients.get(b), resource, sku, k));
    }
    buyers.get(0).restock(100_000_000L, Duration.ofSeconds(10));
    return measure(
        seconds,
        // Only sales count; a purchase that found every segment busy for 2 s counts as none.
        b -> buyers.get(b).purchase(Duration.ofSeconds(2)).outcome() == Outcome.SOLD);
  }

  /** The floor: one fenced write per operation, no lock (what a purchase costs beyond locking). */
  private static double floor(List<RedisClient> stores, int seconds) throws Exception {
    List<FencedResource> resources = new ArrayList<>();
    for (RedisClient s : stores) {
      resources.add(RedisFencedResource.create(s, "floor:"));
    }
    long[] counters = new long[BUYERS];
    return measure(
        seconds,
        b -> {
          resources.get(b).write("k" + b, ++counters[b], counters[b]);
          return true;
        });
  }

  private interface Op {
    /** Runs one operation; true if it counts. */
    boolean run(int buyer);
  }

  private static double measure(int seconds, Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(BUYERS);
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    long[] counts = new long[BUYERS];
    CountDownLatch started = new CountDownLatch(BUYERS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int b = 0; b < BUYERS; b++) {
        int buyer = b;
        futures.add(
            pool.submit(
                () -> {
                  started.countDown();
                  while (!stop.get()) {
                    if (op.run(buyer) && counting.get()) {
                      counts[buyer]++;
                    }
                  }
                  return null;
                }));
      }
      started.await(10, TimeUnit.SECONDS);
      TimeUnit.SECONDS.sleep(1); // warm-up
      counting.set(true);
      long from = System.nanoTime();
      TimeUnit.SECONDS.sleep(seconds);
      counting.set(false);
      long elapsed = System.nanoTime() - from;
      stop.set(true);
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      long total = 0;
      for (long c : counts) {
        total += c;
      }
      return total / (elapsed / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A line plot of purchases/s against K (log2 x), with the floor as a dashed line. */
  private static BufferedImage plot(Map<String, Double> rates) {
    int w = 560;
    int h = 320;
    int left = 70;
    int right = 20;
    int top = 30;
    int bottom = 40;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    double max = rates.values().stream().mapToDouble(Double::doubleValue).max().orElse(1) * 1.1;
    int pw = w - left - right;
    int ph = h - top - bottom;
    g.setColor(Color.BLACK);
    g.drawString(
        "purchases/s, 16 buyers, one SKU, K segments (single Redis, under load)", left, 18);
    g.drawLine(left, top, left, top + ph);
    g.drawLine(left, top + ph, left + pw, top + ph);
    for (int i = 0; i <= 4; i++) {
      int y = top + ph - ph * i / 4;
      g.drawString(String.format("%.0f", max * i / 4), 5, y + 4);
    }
    int[] xs = new int[KS.length];
    int[] ys = new int[KS.length];
    for (int i = 0; i < KS.length; i++) {
      xs[i] = left + pw * i / (KS.length - 1);
      ys[i] = top + ph - (int) (ph * rates.get("K=" + KS[i]) / max);
      g.drawString("K=" + KS[i], xs[i] - 12, top + ph + 18);
    }
    g.setColor(new Color(0x1f77b4));
    g.setStroke(new BasicStroke(2));
    g.drawPolyline(xs, ys, KS.length);
    for (int i = 0; i < KS.length; i++) {
      g.fillOval(xs[i] - 4, ys[i] - 4, 8, 8);
    }
    int fy = top + ph - (int) (ph * rates.get("floor") / max);
    g.setColor(Color.GRAY);
    g.setStroke(
        new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6}, 0));
    g.drawLine(left, fy, left + pw, fy);
    g.drawString("floor: unlocked fenced write", left + 8, fy - 4);
    g.dispose();
    return img;
  }
}
