package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** Every lock name gets a lock key, fence key and release channel in one Redis Cluster slot. */
class KeySpaceTest {
  private static final KeySpace KEYS = KeySpace.DEFAULT;

  /** Names that end, open or nest the hash tag, or look like an escape. */
  private static final List<String> NASTY =
      List.of(
          "}",
          "{",
          "{}",
          "}{",
          "}order:42",
          "order:42}",
          "{order:42}",
          "a}b{c",
          "a{b}c",
          "%",
          "%7D",
          "%7B",
          "%25",
          "}%7D",
          "{{}}",
          "x}:fence",
          "plain-name");

  private static int slot(String key) {
    return JedisClusterCRC16.getSlot(key);
  }

  @Test
  void aNameWithBracesKeepsItsLockKeyFenceKeyAndChannelInOneSlot() {
    for (String name : NASTY) {
      int lock = slot(KEYS.lockKey(name));
      assertThat(slot(KEYS.fenceKey(name))).as("fence key of %s", name).isEqualTo(lock);
      assertThat(slot(KEYS.releaseChannel(name))).as("release channel of %s", name).isEqualTo(lock);
      // The slot is the hash of the escaped name itself, not of the whole key.
      assertThat(lock).as("slot of %s", name).isEqualTo(slot(KeySpace.tag(name)));
    }
  }

  @Test
  void distinctNamesGetDistinctKeys() {
    Set<String> keys = new HashSet<>();
    Random random = new Random(20261201L);
    List<String> names = new java.util.ArrayList<>(NASTY);
    char[] alphabet = {'{', '}', '%', '7', 'B', 'D', '2', '5', 'a', ':'};
    for (int i = 0; i < 5_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = 1 + random.nextInt(6);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet[random.nextInt(alphabet.length)]);
      }
      names.add(sb.toString());
    }
    Set<String> distinctNames = new HashSet<>(names);
    for (String name : distinctNames) {
      keys.add(KEYS.lockKey(name));
      keys.add(KEYS.fenceKey(name));
    }
    assertThat(keys).hasSize(2 * distinctNames.size());
  }

  @Test
  void plainNamesKeepTheirKeys() {
    assertThat(KEYS.lockKey("order:42")).isEqualTo("distlock:{order:42}");
    assertThat(KEYS.fenceKey("order:42")).isEqualTo("distlock:{order:42}:fence");
    assertThat(KEYS.releaseChannel("order:42")).isEqualTo("distlock:released:{order:42}");
    assertThat(KEYS.lockKey("}x")).isEqualTo("distlock:{%7Dx}");
  }

  @Test
  void aPrefixWithBracesIsRejected() {
    assertThatThrownBy(() -> new KeySpace("locks{a}:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("braces");
  }
}
