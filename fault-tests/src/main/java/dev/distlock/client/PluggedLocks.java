package dev.distlock.client;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.testbed.TestedLocks;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lock commands of a child whose lock is plugged in ({@link ClientSpec#lock()}): {@code
 * acquire}, {@code release} and {@code valid} go to the {@link TestedLock}; the resource commands
 * stay with {@link ClientSession}. A lock without fencing tokens answers {@code acquire} with token
 * 0, which the token checks report as out of order: such a lock gives no order to check.
 */
final class PluggedLocks implements AutoCloseable {
  private final TestedLock lock;
  private final Map<String, TestedLock.Held> held = new HashMap<>();

  private PluggedLocks(TestedLock lock) {
    this.lock = lock;
  }

  static PluggedLocks open(ClientSpec spec) {
    TestedLockFactory factory = TestedLocks.named(spec.lock());
    TestedLockFactory.Target target =
        new TestedLockFactory.Target(
            spec.endpoints(),
            spec.ttl(),
            spec.watchdog(),
            spec.requestTimeout(),
            spec.sessionTimeout());
    try {
      return new PluggedLocks(factory.open(target));
    } catch (Exception e) {
      throw new IllegalStateException("could not open " + spec.lock() + ": " + e, e);
    }
  }

  boolean handles(String command) {
    return command.equals("acquire") || command.equals("release") || command.equals("valid");
  }

  /** Runs one lock command; a library's exception becomes an {@code error} reply. */
  String handle(String[] w) {
    try {
      return switch (w[0]) {
        case "acquire" -> {
          Optional<TestedLock.Held> h = lock.acquire(w[1], Duration.ofMillis(Long.parseLong(w[2])));
          if (h.isEmpty()) {
            yield "timeout";
          }
          held.put(w[1], h.get());
          yield "ok " + h.get().token().orElse(0);
        }
        case "release" -> {
          TestedLock.Held h = held.remove(w[1]);
          if (h == null) {
            yield "error not held: " + w[1];
          }
          h.release();
          yield "ok";
        }
        case "valid" -> {
          TestedLock.Held h = held.get(w[1]);
          yield "ok " + (h != null && h.isValid());
        }
        default -> throw new IllegalArgumentException("not a lock command: " + w[0]);
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "error " + ClientSession.oneLine(e);
    } catch (Exception e) {
      return "error " + ClientSession.oneLine(e);
    }
  }

  @Override
  public void close() {
    try {
      lock.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not close the plugged-in lock", e);
    }
  }
}
