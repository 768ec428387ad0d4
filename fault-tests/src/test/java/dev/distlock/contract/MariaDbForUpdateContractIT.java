package dev.distlock.contract;

import org.junit.jupiter.api.BeforeAll;

/** The contract on the SELECT … FOR UPDATE lock over a real MariaDB server. */
class MariaDbForUpdateContractIT extends JdbcLockContractTest {
  @BeforeAll
  static void startServer() {
    db = cluster.mariadb();
  }

  @Override
  protected boolean forUpdate() {
    return true;
  }
}
