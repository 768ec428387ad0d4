package dev.distlock.cluster;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that owns the servers of a test class and closes them, whether tests pass,
 * fail or time out.
 *
 * <pre>{@code
 * @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();
 *
 * @Test void survivesCrash() {
 *   RedisServer redis = cluster.redis(b -> b.persistent(true));   // closed after this test
 *   ProxiedEndpoint front = cluster.toxiproxy().proxy("redis", redis);
 * }
 * }</pre>
 *
 * <p>Scope follows where a server is created: inside a test (or a {@code @BeforeEach}) it is closed
 * after that test; in {@code @BeforeAll} it is closed after the class. The Toxiproxy server is
 * shared by the class and {@linkplain ToxiproxyServer#resetAll() reset} after every test, so no
 * toxic leaks into the next one. Logs go to {@code target/cluster-logs/<TestClass>/}. As a safety
 * net, after the class every process the harness started during it that is still alive is killed —
 * servers started without this extension included — so no server survives a test class. (This
 * assumes test classes of one JVM do not run concurrently, JUnit's default.) Registered as an
 * instance field instead of a static one, everything is closed after each test.
 */
public final class ClusterExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Deque<AutoCloseable> classScope = new ArrayDeque<>();
  private final Deque<AutoCloseable> testScope = new ArrayDeque<>();
  private boolean classActive;
  private boolean inTest;
  private Path previousLogDir;
  private Path logDir = LogDirs.current();
  private int firstProcessOfClass;
  private ToxiproxyServer toxiproxy;

  /** Creates an extension; register it with {@code @RegisterExtension}. */
  public ClusterExtension() {}

  /**
   * Starts a redis-server with the defaults, owned by the current scope.
   *
   * @return the running server
   * @throws HarnessException if it does not start
   */
  public RedisServer redis() {
    return redis(b -> b);
  }

  /**
   * Starts a redis-server configured by {@code config}, owned by the current scope.
   *
   * @param config adjusts a fresh builder (whose log directory is this test class's)
   * @return the running server
   * @throws HarnessException if it does not start
   */
  public RedisServer redis(UnaryOperator<RedisServer.Builder> config) {
    return manage(config.apply(RedisServer.builder().logDir(logDir)).start());
  }

  /**
   * Starts a standalone ZooKeeper server, owned by the current scope.
   *
   * @return the serving server
   * @throws HarnessException if it does not start
   */
  public ZooKeeperServer zookeeper() {
    return manage(ZooKeeperServer.builder().logDir(logDir).start());
  }

  /**
   * Starts a ZooKeeper ensemble configured by {@code config}, owned by the current scope.
   *
   * @param config adjusts a fresh builder (size 3, direct routes, this class's log directory)
   * @return the ensemble, every member serving
   * @throws HarnessException if it does not start
   */
  public ZooKeeperEnsemble ensemble(UnaryOperator<ZooKeeperEnsemble.Builder> config) {
    return manage(config.apply(ZooKeeperEnsemble.builder().logDir(logDir)).start());
  }

  /**
   * Starts a PostgreSQL server with a fresh data directory, owned by the current scope.
   *
   * @return the running server
   * @throws HarnessException if it does not start
   */
  public PostgresServer postgres() {
    return postgres(b -> b);
  }

  /**
   * Starts a PostgreSQL server configured by {@code config}, owned by the current scope.
   *
   * @param config adjusts a fresh builder (whose log directory is this test class's)
   * @return the running server
   * @throws HarnessException if it does not start
   */
  public PostgresServer postgres(UnaryOperator<DatabaseServer.Builder<PostgresServer>> config) {
    return manage(config.apply(PostgresServer.builder().logDir(logDir)).start());
  }

  /**
   * Starts a MariaDB server with a fresh data directory, owned by the current scope.
   *
   * @return the running server
   * @throws HarnessException if it does not start
   */
  public MariaDbServer mariadb() {
    return mariadb(b -> b);
  }

  /**
   * Starts a MariaDB server configured by {@code config}, owned by the current scope.
   *
   * @param config adjusts a fresh builder (whose log directory is this test class's)
   * @return the running server
   * @throws HarnessException if it does not start
   */
  public MariaDbServer mariadb(UnaryOperator<DatabaseServer.Builder<MariaDbServer>> config) {
    return manage(config.apply(MariaDbServer.builder().logDir(logDir)).start());
  }

  /**
   * Returns the class's Toxiproxy server, starting it on first use.
   *
   * @return the running Toxiproxy server
   * @throws HarnessException if it does not start
   */
  public synchronized ToxiproxyServer toxiproxy() {
    if (toxiproxy == null || !toxiproxy.process().isAlive()) {
      toxiproxy = manage(ToxiproxyServer.start(logDir));
    }
    return toxiproxy;
  }

  /**
   * Makes the current scope close {@code resource} (in reverse order of registration).
   *
   * @param resource anything to close at the end of the scope
   * @param <T> its type
   * @return {@code resource}
   */
  public synchronized <T extends AutoCloseable> T manage(T resource) {
    (inTest || !classActive ? testScope : classScope).push(resource);
    return resource;
  }

  /**
   * Returns the directory that receives this test class's server logs.
   *
   * @return target/cluster-logs/&lt;TestClass&gt;
   */
  public Path logDir() {
    return logDir;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    classActive = true;
    enterLogDir(context);
    firstProcessOfClass = Processes.startedPids().size();
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (!classActive) {
      enterLogDir(context);
    }
    inTest = true;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    List<AutoCloseable> toClose;
    ToxiproxyServer shared;
    synchronized (this) {
      inTest = false;
      toClose = new ArrayList<>(testScope);
      testScope.clear();
      shared = toxiproxy;
      if (!classActive) {
        toxiproxy = null;
        LogDirs.setCurrent(previousLogDir);
      }
    }
    if (context.getExecutionException().isPresent()) {
      System.err.println(
          "distlock harness: " + context.getDisplayName() + " failed; server logs in " + logDir);
    }
    Exception failure = closeAll(toClose);
    if (classActive && shared != null && shared.process().isAlive()) {
      try {
        shared.resetAll();
      } catch (RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    List<AutoCloseable> toClose;
    synchronized (this) {
      classActive = false;
      toClose = new ArrayList<>(testScope);
      toClose.addAll(classScope);
      testScope.clear();
      classScope.clear();
      toxiproxy = null;
      LogDirs.setCurrent(previousLogDir);
    }
    Exception failure = closeAll(toClose);
    List<Long> pids = Processes.startedPids();
    for (ManagedProcess p : Processes.alive()) {
      if (pids.indexOf(p.pid()) >= firstProcessOfClass) {
        System.err.println("distlock harness: killing " + p + ", left running by the test class");
        try {
          p.kill();
        } catch (RuntimeException e) {
          failure = chain(failure, e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void enterLogDir(ExtensionContext context) {
    previousLogDir = LogDirs.current();
    String className = context.getRequiredTestClass().getName();
    logDir = LogDirs.forScope(className.substring(className.lastIndexOf('.') + 1));
    LogDirs.setCurrent(logDir);
  }

  private static Exception closeAll(List<AutoCloseable> resources) {
    Exception failure = null;
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        failure = chain(failure, e);
      }
    }
    return failure;
  }

  private static Exception chain(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
