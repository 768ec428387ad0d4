package dev.distlock.contract;

import org.junit.jupiter.api.BeforeAll;

/** The contract on the lock table over a real PostgreSQL server. */
class PostgresTableContractIT extends JdbcLockContractTest {
  @BeforeAll
  static void startServer() {
    db = cluster.postgres();
  }

  @Override
  protected boolean forUpdate() {
    return false;
  }
}
