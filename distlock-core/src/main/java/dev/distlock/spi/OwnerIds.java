package dev.distlock.spi;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Owner values: 128 random bits from {@link SecureRandom}, so no two acquisitions anywhere share
 * one, and a release or renewal can only ever touch its own entry.
 */
public final class OwnerIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private OwnerIds() {}

  /** A fresh owner id: 32 lowercase hex digits. */
  public static String next() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }
}
