package dev.distlock.contract;

import org.junit.jupiter.api.BeforeAll;

/** The contract on the SELECT … FOR UPDATE lock over a real PostgreSQL server. */
class PostgresForUpdateContractIT extends JdbcLockContractTest {
  @BeforeAll
  static void startServer() {
    db = cluster.postgres();
  }

  @Override
  protected boolean forUpdate() {
    return true;
  }
}
