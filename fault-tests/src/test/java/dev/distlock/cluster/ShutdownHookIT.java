package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The last resort: a JVM that exits or is terminated takes its servers with it. */
class ShutdownHookIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final Pattern PID = Pattern.compile("redis-pid=(\\d+)");

  @Test
  void serversDieWhenTheirJvmExitsAndTheirDataDirectoriesGo() throws Exception {
    ManagedProcess jvm = orphanJvm("exit");

    long redisPid = awaitRedisPid(jvm);

    await().atMost(Timing.seconds(20)).until(() -> !jvm.isAlive());
    await().atMost(Timing.seconds(10)).until(() -> !alive(redisPid));
    Matcher dir = Pattern.compile("redis-dir=(\\S+)").matcher(Files.readString(jvm.logFile()));
    assertThat(dir.find()).isTrue();
    assertThat(Path.of(dir.group(1))).doesNotExist();
  }

  @Test
  void serversDieWhenTheirJvmIsTerminated() {
    ManagedProcess jvm = orphanJvm("wait");
    long redisPid = awaitRedisPid(jvm);
    assertThat(alive(redisPid)).isTrue();

    jvm.terminate(Timing.seconds(20)); // SIGTERM, as surefire does to a fork that overstays

    assertThat(jvm.exitCode()).isPresent();
    await().atMost(Timing.seconds(10)).until(() -> !alive(redisPid));
  }

  private static ManagedProcess orphanJvm(String mode) {
    List<String> cmd =
        ChildJvm.command(
            OrphanMain.class.getName(),
            "64m",
            List.of(),
            List.of(cluster.logDir().toString(), mode));
    ManagedProcess jvm =
        Processes.start(
            "orphan-" + mode,
            new ProcessBuilder(cmd),
            LogDirs.file(cluster.logDir(), "orphan-jvm-" + mode));
    cluster.manage(jvm::kill);
    return jvm;
  }

  private static long awaitRedisPid(ManagedProcess jvm) {
    Path log = jvm.logFile();
    long[] pid = new long[1];
    await()
        .atMost(Timing.seconds(30))
        .until(
            () -> {
              Matcher m = PID.matcher(Files.readString(log));
              if (m.find()) {
                pid[0] = Long.parseLong(m.group(1));
                return true;
              }
              return false;
            });
    return pid[0];
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
