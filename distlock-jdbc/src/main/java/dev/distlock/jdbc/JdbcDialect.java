package dev.distlock.jdbc;

import java.util.Locale;

/**
 * The SQL dialects the JDBC locks speak. Detected from {@link
 * java.sql.DatabaseMetaData#getDatabaseProductName()} unless given in {@link JdbcOptions}.
 */
public enum JdbcDialect {
  /** PostgreSQL 9.5 or newer ({@code ON CONFLICT}, {@code SKIP LOCKED}); tested on 15. */
  POSTGRESQL,
  /**
   * MariaDB 10.6 or newer ({@code SKIP LOCKED}, {@code idle_transaction_timeout}); tested on 10.11.
   * MySQL 8 shares the lock-table SQL but has no {@code idle_transaction_timeout}, so it is not
   * detected as this dialect.
   */
  MARIADB;

  /**
   * The dialect for a database product name.
   *
   * @param productName as reported by the driver, e.g. "PostgreSQL", "MariaDB"
   * @return the dialect
   * @throws IllegalArgumentException for any other database (name it explicitly if it is
   *     compatible)
   */
  public static JdbcDialect forProduct(String productName) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("mariadb")) {
      return MARIADB;
    }
    throw new IllegalArgumentException(
        "no distlock dialect for database '"
            + productName
            + "': PostgreSQL and MariaDB are supported; pass JdbcOptions.dialect(...) only for a"
            + " compatible database");
  }
}
