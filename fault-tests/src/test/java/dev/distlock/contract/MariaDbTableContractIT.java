package dev.distlock.contract;

import org.junit.jupiter.api.BeforeAll;

/** The contract on the lock table over a real MariaDB server. */
class MariaDbTableContractIT extends JdbcLockContractTest {
  @BeforeAll
  static void startServer() {
    db = cluster.mariadb();
  }

  @Override
  protected boolean forUpdate() {
    return false;
  }
}
