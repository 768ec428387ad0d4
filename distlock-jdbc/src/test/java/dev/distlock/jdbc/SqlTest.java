package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The statements each dialect runs: database time only, conditional acquire, owner checks. */
class SqlTest {
  private final Sql pg = new Sql(JdbcDialect.POSTGRESQL, "app.locks");
  private final Sql maria = new Sql(JdbcDialect.MARIADB, "locks");

  @Test
  void dialectIsDetectedFromTheProductName() {
    assertThat(JdbcDialect.forProduct("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.forProduct("MariaDB")).isEqualTo(JdbcDialect.MARIADB);
    assertThatThrownBy(() -> JdbcDialect.forProduct("MySQL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MySQL");
    assertThatThrownBy(() -> JdbcDialect.forProduct(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acquireIsOneConditionalStatementOnTheDatabaseClock() {
    assertThat(pg.acquire())
        .startsWith("INSERT INTO app.locks AS l")
        .contains("ON CONFLICT (name) DO UPDATE")
        .contains("WHERE l.owner IS NULL OR l.expires_at <= statement_timestamp()")
        .contains("fence = l.fence + 1")
        .endsWith("RETURNING l.fence");
    // MariaDB: owner is assigned first, and the other columns follow only a taken lock.
    String m = maria.acquire();
    assertThat(m).contains("ON DUPLICATE KEY UPDATE owner = IF(");
    assertThat(m.indexOf("owner = IF(")).isLessThan(m.indexOf("fence = IF(owner = VALUES(owner)"));
    assertThat(m).contains("UTC_TIMESTAMP(6)").doesNotContain("NOW()");
  }

  @Test
  void renewalAndReleaseCompareTheOwnerAndNeverDeleteTheRow() {
    for (Sql s : new Sql[] {pg, maria}) {
      assertThat(s.renew()).contains("WHERE name = ? AND owner = ? AND expires_at >");
      assertThat(s.release()).startsWith("UPDATE").contains("AND owner = ?");
      assertThat(s.release() + s.renew() + s.acquire()).doesNotContain("DELETE");
    }
  }

  @Test
  void durationsAreMillisecondsOnPostgresAndMicrosecondsOnMariaDb() {
    assertThat(pg.durationParam(1500)).isEqualTo(1500);
    assertThat(maria.durationParam(1500)).isEqualTo(1_500_000);
  }

  @Test
  void forUpdateTakesTheRowWithoutWaitingAndTheServerDropsAnIdleHolder() {
    assertThat(pg.lockRow())
        .isEqualTo("SELECT name FROM app.locks_rows WHERE name = ? FOR UPDATE SKIP LOCKED");
    assertThat(pg.idleTimeout(2000))
        .isEqualTo("SET LOCAL idle_in_transaction_session_timeout = 2000");
    assertThat(maria.idleTimeout(600)).endsWith("= 1"); // whole seconds, rounded up
    assertThat(maria.idleTimeout(2001)).endsWith("= 3");
    assertThat(pg.resetIdleTimeout()).isNull(); // SET LOCAL ends with the transaction
    assertThat(maria.nextFence()).contains("LAST_INSERT_ID(fence + 1)");
  }

  @Test
  void ddlKeepsNamesExactAndTheFenceNotNull() {
    assertThat(maria.ddl()).allSatisfy(d -> assertThat(d).contains("utf8mb4_bin"));
    assertThat(pg.ddl().get(0)).contains("fence BIGINT NOT NULL DEFAULT 0");
    assertThat(pg.ddl().get(1)).contains("app.locks_rows");
  }
}
