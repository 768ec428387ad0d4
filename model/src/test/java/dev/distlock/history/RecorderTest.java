package dev.distlock.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {
  @Test
  void recordsConcurrentProcessesWithMonotonicTimes() throws Exception {
    Recorder rec = Recorder.create();
    int threads = 8;
    int each = 500;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long p = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < each; i++) {
                  Recorder.Pending op = rec.invoke(p, "write", "k" + (i % 3), i);
                  switch (i % 3) {
                    case 0:
                      op.ok(null);
                      break;
                    case 1:
                      op.fail(null);
                      break;
                    default:
                      op.info(null);
                  }
                }
              });
      th.start();
      ts.add(th);
    }
    start.countDown();
    for (Thread th : ts) {
      th.join();
    }
    History h = rec.history();
    assertThat(h.ops()).hasSize(threads * each);
    assertThat(h.events()).hasSize(threads * each * 2);
    long prev = Long.MIN_VALUE;
    for (Event e : h.events()) {
      assertThat(e.time()).isGreaterThanOrEqualTo(prev);
      prev = e.time();
    }
    assertThat(h.ops().get(0).input()).isInstanceOf(Long.class);
  }

  @Test
  void unfinishedInvokesAreInfoAndCompletionIsOnce() {
    AtomicLong clock = new AtomicLong();
    Recorder rec = Recorder.create(clock::incrementAndGet);
    Recorder.Pending p = rec.invoke(1, "acquire", "lock", null);
    rec.invoke(2, "acquire", "lock", null);
    p.ok(7);
    assertThatThrownBy(() -> p.ok(8)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> rec.invoke(2, "release", "lock", null))
        .isInstanceOf(IllegalStateException.class);
    History h = rec.history();
    assertThat(h.ops().get(0).output()).isEqualTo(7L);
    assertThat(h.ops().get(1).isInfo()).isTrue();
    assertThat(h.ops().get(1).completeIndex()).isEqualTo(-1);
  }

  @Test
  void aClockGoingBackIsClamped() {
    long[] times = {10, 5, 20, 30};
    int[] i = {0};
    Recorder rec = Recorder.create(() -> times[i[0]++]);
    Recorder.Pending p = rec.invoke(1, "read", null, null);
    rec.invoke(2, "read", null, null).ok(null);
    p.ok(null);
    History h = rec.history();
    assertThat(h.events()).extracting(Event::time).containsExactly(10L, 10L, 20L, 30L);
  }

  @Test
  void rejectsValuesWithoutJsonForm() {
    Recorder rec = Recorder.create();
    assertThatThrownBy(() -> rec.invoke(1, "x", null, new Object()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesAndReadsBack(@TempDir Path dir) throws Exception {
    Recorder rec = Recorder.create();
    rec.invoke(1, "cas", "r", List.of(1, 2)).ok(true);
    Path f = dir.resolve("h.jsonl");
    rec.writeTo(f);
    History back = HistoryReader.read(f);
    assertThat(back.ops()).isEqualTo(rec.history().ops());
  }
}
