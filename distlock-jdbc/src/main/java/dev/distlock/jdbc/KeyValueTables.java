package dev.distlock.jdbc;

import java.util.regex.Pattern;

/** DDL and name checks shared by the JDBC resources. */
final class KeyValueTables {
  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,59}(\\.[A-Za-z_][A-Za-z0-9_]{0,59})?");

  private KeyValueTables() {}

  static String checkTable(String table) {
    if (table == null || !IDENTIFIER.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table must be an SQL identifier (letters, digits, '_', optionally schema.table), got '"
              + table
              + "'");
    }
    return table;
  }

  /** CREATE TABLE IF NOT EXISTS with a string key and the given other columns. */
  static String ddl(JdbcDialect dialect, String table, String key, String columns) {
    if (dialect == JdbcDialect.POSTGRESQL) {
      return "CREATE TABLE IF NOT EXISTS "
          + table
          + " ("
          + key
          + " VARCHAR(512) PRIMARY KEY, "
          + columns
          + ")";
    }
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " ("
        + key
        + " VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY, "
        + columns
        + ") ENGINE=InnoDB";
  }
}
