package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimingTest {
  @AfterEach
  void clearFactor() {
    System.clearProperty(Timing.FACTOR_PROPERTY);
  }

  @Test
  void defaultFactorLeavesDeadlinesAlone() {
    assertThat(Timing.factor()).isEqualTo(1.0);
    assertThat(Timing.seconds(3)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void factorScalesDeadlines() {
    System.setProperty(Timing.FACTOR_PROPERTY, "2.5");

    assertThat(Timing.scaled(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void nonsenseFactorIsRejectedWithTheProperty() {
    System.setProperty(Timing.FACTOR_PROPERTY, "fast");
    assertThatThrownBy(Timing::factor).hasMessageContaining(Timing.FACTOR_PROPERTY);

    System.setProperty(Timing.FACTOR_PROPERTY, "-1");
    assertThatThrownBy(Timing::factor).hasMessageContaining("positive");
  }

  @Test
  void negativeDeadlineIsRejected() {
    assertThatThrownBy(() -> Timing.scaled(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
