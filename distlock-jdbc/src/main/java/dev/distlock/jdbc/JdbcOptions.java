package dev.distlock.jdbc;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the JDBC locks keep their rows. Immutable; build with {@link #builder()}.
 *
 * @param table the lock table (default {@code distlock_locks}); the {@code SELECT … FOR UPDATE}
 *     lock also uses {@code <table>_rows}. A plain or schema-qualified SQL identifier: letters,
 *     digits and underscores, at most 60 characters per part.
 * @param dialect the SQL dialect, or empty to detect it from the first connection
 * @param requestTimeout the network timeout set on every connection the locks use ({@link
 *     java.sql.Connection#setNetworkTimeout}); must be shorter than the renewal interval. Getting a
 *     connection from the pool is bounded by the pool's own timeout (HikariCP {@code
 *     connectionTimeout}), which should be shorter too.
 * @param createSchema whether to create missing tables on first use ({@code CREATE TABLE IF NOT
 *     EXISTS}); turn off where the application's role may not create tables and run the DDL of
 *     {@link JdbcLocks} by hand
 */
public record JdbcOptions(
    String table, Optional<JdbcDialect> dialect, Duration requestTimeout, boolean createSchema) {

  /** The default lock table. */
  public static final String DEFAULT_TABLE = "distlock_locks";

  public JdbcOptions {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    KeyValueTables.checkTable(table);
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
  }

  /** Defaults: table {@code distlock_locks}, detected dialect, 2 s timeout, schema on demand. */
  public static JdbcOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link JdbcOptions}. Not thread-safe. */
  public static final class Builder {
    private String table = DEFAULT_TABLE;
    private JdbcDialect dialect;
    private Duration requestTimeout = Duration.ofSeconds(2);
    private boolean createSchema = true;

    private Builder() {}

    /** The lock table name. */
    public Builder table(String table) {
      this.table = Objects.requireNonNull(table, "table");
      return this;
    }

    /** The dialect, instead of detecting it. */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /** The per-request network timeout. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Whether missing tables are created on first use. */
    public Builder createSchema(boolean create) {
      this.createSchema = create;
      return this;
    }

    /**
     * @throws IllegalArgumentException if the table is not an identifier or the timeout not
     *     positive
     */
    public JdbcOptions build() {
      return new JdbcOptions(table, Optional.ofNullable(dialect), requestTimeout, createSchema);
    }
  }
}
