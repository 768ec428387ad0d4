package dev.distlock.guard;

import java.util.Objects;

/**
 * The overselling example: a stock counter per SKU, decremented by read-modify-write under a lock,
 * with every access fenced by the lock's token. Used with {@link FencedResource.Fencing#ACCESS},
 * the stock never goes negative and equals the initial stock minus the acknowledged decrements,
 * whichever lock is used and even when two clients believe they hold it at once — as long as the
 * lock's tokens grow (see the lock's {@code TOKEN_MONOTONIC} guarantee). Thread-safe if the
 * resource is.
 */
public final class Inventory {
  private final FencedResource resource;

  /** An inventory kept in {@code resource}. */
  public Inventory(FencedResource resource) {
    this.resource = Objects.requireNonNull(resource, "resource");
  }

  /**
   * Sets the stock of {@code sku}.
   *
   * @throws IllegalArgumentException if {@code quantity} is negative
   * @throws StaleTokenException if a newer holder has touched {@code sku}
   */
  public void restock(String sku, long quantity, long token) {
    if (quantity < 0) {
      throw new IllegalArgumentException("quantity must not be negative, got " + quantity);
    }
    resource.write(sku, quantity, token);
  }

  /**
   * The stock of {@code sku} (0 if never stocked); a fenced read.
   *
   * @throws StaleTokenException if a newer holder has touched {@code sku}
   */
  public long stock(String sku, long token) {
    return resource.read(sku, token).orElse(0);
  }

  /**
   * Sells one unit: reads the stock and, if positive, writes it back one lower. The caller must
   * hold the lock for {@code sku} and pass its token; the two accesses are separate, as in the
   * classic "get, check, set" code, and the fencing is what keeps a stale holder from interleaving.
   *
   * @return true if a unit was sold (acknowledged), false if sold out
   * @throws StaleTokenException if a newer holder has touched {@code sku}: nothing was sold
   */
  public boolean decrement(String sku, long token) {
    long stock = stock(sku, token);
    if (stock <= 0) {
      return false;
    }
    resource.write(sku, stock - 1, token);
    return true;
  }
}
