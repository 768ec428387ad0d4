package dev.distlock.workload;

import dev.distlock.SafetyProperty;
import dev.distlock.check.CheckReport;
import dev.distlock.check.DirectChecks;
import dev.distlock.check.Finding;
import dev.distlock.check.ModelCheck;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.client.ClientProcess;
import dev.distlock.history.History;
import dev.distlock.history.HistoryWriter;
import dev.distlock.history.Recorder;
import dev.distlock.model.Counter;
import dev.distlock.model.FencedMutex;
import dev.distlock.model.FencedRegister;
import dev.distlock.model.Mutex;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.redis.RedisFencedResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * One run of a workload on a {@link Deployment}: one lock name, one inventory item, the actors that
 * work on them, the nemeses injected, and three histories recorded on the driving JVM's monotonic
 * clock. {@link #finish()} heals what is still injected, reads the final stock, checks everything
 * and keeps the histories (and timelines of invalid ones) under {@code target/scenarios/<name>/}.
 * {@link #close()} heals every nemesis still in effect, so a scenario that fails midway leaves no
 * fault behind. Not thread-safe.
 */
public final class Run implements AutoCloseable {
  /** The observer's process number: the initial stock and the final read. */
  public static final long OBSERVER = 0;

  private static final String NAMESPACE = "inventory:";

  private final String name;
  private final Deployment deployment;
  private final boolean guarded;
  private final long initialStock;
  private final Path dir;
  private final Recorder locks = Recorder.create();
  private final Recorder resource = Recorder.create();
  private final Recorder guard = Recorder.create();
  private final Map<Nemesis, Long> active = new LinkedHashMap<>();
  private final List<FaultWindow> faults = new ArrayList<>();
  private final List<String> items = new ArrayList<>();

  private Run(String name, Deployment deployment, boolean guarded, long initialStock, Path dir) {
    this.name = name;
    this.deployment = deployment;
    this.guarded = guarded;
    this.initialStock = initialStock;
    this.dir = dir;
  }

  /**
   * Starts a run: empties its directory and stocks the inventory item (a write with token 0,
   * recorded in the guard history by the observer).
   *
   * @param name the run's name, also its directory under {@code target/scenarios}
   * @param deployment the servers and clients
   * @param guarded whether actors access the inventory through the fencing guard
   * @param initialStock the stock at the start
   * @return the run
   */
  public static Run start(String name, Deployment deployment, boolean guarded, long initialStock) {
    Path dir = Path.of("target", "scenarios", name).toAbsolutePath();
    deleteRecursively(dir);
    Run run = new Run(name, deployment, guarded, initialStock, dir);
    run.stock(run.sku());
    return run;
  }

  /**
   * Stocks another inventory item with the initial stock (a write with token 0 by the observer),
   * for workloads that sell several items; {@link #finish()} checks every stocked item.
   *
   * @param sku the item
   */
  public void stock(String sku) {
    try (RedisClient store =
        RedisClient.create(deployment.resource().host(), deployment.resource().port())) {
      Recorder.Pending p = guard.invoke(OBSERVER, "write", sku, List.of(0L, initialStock));
      RedisFencedResource.create(store, NAMESPACE).write(sku, initialStock, 0);
      p.ok(true);
    }
    items.add(sku);
  }

  /**
   * Returns the fault windows recorded so far.
   *
   * @return the windows of healed nemeses
   */
  public List<FaultWindow> faults() {
    return List.copyOf(faults);
  }

  /**
   * Returns the lock every actor of the run competes for.
   *
   * @return the lock name
   */
  public String lockName() {
    return "lock-" + name;
  }

  /**
   * Returns the inventory item the actors sell.
   *
   * @return the item's key in the resource
   */
  public String sku() {
    return "sku-" + name;
  }

  boolean guarded() {
    return guarded;
  }

  Recorder locks() {
    return locks;
  }

  Recorder resource() {
    return resource;
  }

  Recorder guard() {
    return guard;
  }

  /**
   * Returns an actor for a client of the deployment.
   *
   * @param client the client; its id is the process number in the histories
   * @return the actor
   */
  public Actor actor(ClientProcess client) {
    return new Actor(this, client);
  }

  /**
   * Starts a nemesis and records when it took effect.
   *
   * @param nemesis the nemesis
   */
  public void inject(Nemesis nemesis) {
    // Registered before start, so close() heals a nemesis whose start failed halfway.
    active.put(nemesis, Long.MAX_VALUE);
    nemesis.start();
    active.put(nemesis, System.nanoTime());
  }

  /**
   * Heals a nemesis and records its window.
   *
   * @param nemesis a nemesis given to {@link #inject}
   */
  public void heal(Nemesis nemesis) {
    Long started = active.remove(nemesis);
    nemesis.heal();
    if (started != null) {
      faults.add(
          new FaultWindow(
              nemesis.describe(), nemesis.fault().orElse(null), started, System.nanoTime()));
    }
  }

  /**
   * Heals what is still injected, reads the final stock, writes the histories and checks them.
   *
   * @return the result, with the verdict per property
   */
  public RunResult finish() {
    close();
    Map<String, Long> finalStock = new LinkedHashMap<>();
    try (Jedis jedis = deployment.resource().client()) {
      for (String item : items) {
        Recorder.Pending read = resource.invoke(OBSERVER, "read", item, null);
        long v = Long.parseLong(jedis.get(NAMESPACE + "{" + item + "}"));
        read.ok(v);
        finalStock.put(item, v);
      }
    }
    History lockHistory = locks.history();
    History resourceHistory = resource.history();
    History guardHistory = guarded ? guard.history() : History.empty();
    List<Finding> findings = new ArrayList<>();
    List<ModelCheck> models = new ArrayList<>();
    ModelCheck mutex =
        ModelCheck.run(SafetyProperty.MUTUAL_EXCLUSION, new Mutex(), lockHistory, dir);
    models.add(mutex);
    findings.add(mutex.finding());
    findings.add(DirectChecks.overlappingHolders(lockHistory));
    ModelCheck fenced =
        ModelCheck.run(SafetyProperty.TOKEN_MONOTONIC, new FencedMutex(), lockHistory, dir);
    models.add(fenced);
    // fenced-mutex includes mutual exclusion: it speaks for token order only when that holds.
    if (mutex.finding().verdict() == PropertyVerdict.HOLDS) {
      findings.add(fenced.finding());
    }
    findings.add(DirectChecks.tokenOrder(lockHistory));
    ModelCheck counter =
        ModelCheck.run(
            SafetyProperty.RESOURCE_SAFETY, new Counter(initialStock), resourceHistory, dir);
    models.add(counter);
    findings.add(counter.finding());
    for (Map.Entry<String, Long> e : finalStock.entrySet()) {
      History item =
          History.of(
              resourceHistory.events().stream().filter(ev -> e.getKey().equals(ev.key())).toList());
      findings.add(DirectChecks.stock(item, initialStock, e.getValue()));
    }
    if (guarded) {
      ModelCheck register =
          ModelCheck.run(SafetyProperty.RESOURCE_SAFETY, new FencedRegister(), guardHistory, dir);
      models.add(register);
      findings.add(register.finding());
    }
    CheckReport report = new CheckReport(findings, models);
    RunResult result =
        new RunResult(
            name,
            deployment.kind(),
            guarded,
            lockHistory,
            resourceHistory,
            guardHistory,
            List.copyOf(faults),
            report,
            dir);
    save(result);
    return result;
  }

  private void save(RunResult r) {
    try {
      Files.createDirectories(dir);
      HistoryWriter.write(r.locks(), dir.resolve("history-lock.jsonl"));
      HistoryWriter.write(r.resource(), dir.resolve("history-resource.jsonl"));
      if (guarded) {
        HistoryWriter.write(r.guard(), dir.resolve("history-guard.jsonl"));
      }
      Files.writeString(dir.resolve("results.txt"), r.toString() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Heals every nemesis still in effect; idempotent. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (Nemesis n : new ArrayList<>(active.keySet())) {
      try {
        heal(n);
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not empty " + dir, e);
    }
  }
}
