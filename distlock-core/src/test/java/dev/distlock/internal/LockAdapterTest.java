package dev.distlock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.spi.LockClients;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LockAdapterTest {
  private final FakeBackend backend = new FakeBackend();
  private final LockClient client =
      LockClients.create(backend, LockSettings.builder().ttl(Duration.ofSeconds(5)).build());

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void lockUnlockAndReentrancy() throws Exception {
    Lock lock = client.lock("a").asLock();
    lock.lock();
    assertThat(lock.tryLock()).isTrue(); // reentrant
    Lock other = client.lock("a").asLock();
    assertThat(CompletableFuture.supplyAsync(other::tryLock).get(5, TimeUnit.SECONDS)).isFalse();
    lock.unlock();
    assertThat(backend.holder("a")).isNotNull();
    lock.unlock();
    assertThat(backend.holder("a")).isNull();
    assertThat(other.tryLock(1, TimeUnit.SECONDS)).isTrue();
    other.unlock();
  }

  @Test
  void lockIgnoresInterruptsButKeepsTheFlag() throws Exception {
    Lock lock = client.lock("a").asLock();
    boolean[] flagAfter = new boolean[1];
    Thread t =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              lock.lock();
              flagAfter[0] = Thread.currentThread().isInterrupted();
              Thread.interrupted();
              lock.unlock();
            });
    t.start();
    t.join(5_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(flagAfter[0]).isTrue();
    assertThat(backend.holder("a")).isNull();
  }

  @Test
  void lockInterruptiblyGivesUpWhenInterrupted() throws Exception {
    Lock held = client.lock("a").asLock();
    held.lock();
    Lock other = client.lock("a").asLock();
    Throwable[] thrown = new Throwable[1];
    Thread t =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                other.lockInterruptibly();
              } catch (InterruptedException | RuntimeException e) {
                thrown[0] = e;
              }
            });
    t.start();
    t.join(5_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
    held.unlock();
  }

  @Test
  void unlockWithoutHoldingIsAnError() {
    Lock lock = client.lock("a").asLock();
    assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
    assertThatThrownBy(lock::newCondition).isInstanceOf(UnsupportedOperationException.class);
  }
}
