package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.workload.LockKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The TLA+ expectation of every matrix cell, read from the committed table {@code
 * dev/distlock/matrix/expectations.csv} ({@code lock,column,property,expected,tla}). The table's
 * {@code property} is one of {@code mutual-exclusion}, {@code token-monotonic}, {@code
 * resource-guarded}, {@code resource-unguarded}. A plugged-in peer's row takes its expectation from
 * {@link PeerExpectations}. Immutable and thread-safe.
 */
public final class Expectations {
  private static final String RESOURCE = "/dev/distlock/matrix/expectations.csv";

  private final Map<String, Expectation> table;

  private Expectations(Map<String, Expectation> table) {
    this.table = table;
  }

  /**
   * Loads the committed table.
   *
   * @return the expectations
   * @throws IllegalStateException if the table is missing or malformed
   */
  public static Expectations load() {
    try (InputStream in = Expectations.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, Expectation> t = new LinkedHashMap<>();
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#") || line.startsWith("lock,")) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 5 || !(f[3].equals("holds") || f[3].equals("violated"))) {
          throw new IllegalStateException(RESOURCE + ":" + n + ": malformed: " + line);
        }
        LockKind kind = Row.parseLock(f[0]);
        Column column = Column.parse(f[1]);
        boolean violated = f[3].equals("violated");
        for (Expectation e : expand(kind, column, f[2], violated, f[4].trim())) {
          if (t.put(key(e.kind(), e.guarded(), e.column(), e.property()), e) != null) {
            throw new IllegalStateException(RESOURCE + ":" + n + ": duplicate " + line);
          }
        }
      }
      return new Expectations(t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Expectation> expand(
      LockKind kind, Column column, String property, boolean violated, String tla) {
    List<Expectation> out = new ArrayList<>();
    switch (property) {
      case "mutual-exclusion", "token-monotonic" -> {
        SafetyProperty p =
            property.equals("mutual-exclusion")
                ? SafetyProperty.MUTUAL_EXCLUSION
                : SafetyProperty.TOKEN_MONOTONIC;
        out.add(new Expectation(kind, false, column, p, violated, tla));
        out.add(new Expectation(kind, true, column, p, violated, tla));
      }
      case "resource-guarded", "resource-unguarded" ->
          out.add(
              new Expectation(
                  kind,
                  property.equals("resource-guarded"),
                  column,
                  SafetyProperty.RESOURCE_SAFETY,
                  violated,
                  tla));
      default -> throw new IllegalStateException("unknown property " + property);
    }
    return out;
  }

  private static String key(LockKind k, boolean guarded, Column c, SafetyProperty p) {
    return k + "/" + guarded + "/" + c + "/" + p;
  }

  /**
   * Returns the expectation of one cell and property.
   *
   * @param row the row
   * @param column the column
   * @param property the property
   * @return the expectation
   * @throws NoSuchElementException if the table has none (a cell that does not apply)
   */
  public Expectation of(Row row, Column column, SafetyProperty property) {
    if (row.peer() != null) {
      return PeerExpectations.of(this, row, column, property);
    }
    Expectation e = table.get(key(row.kind(), row.guarded(), column, property));
    if (e == null) {
      throw new NoSuchElementException("no expectation for " + row + " x " + column.label());
    }
    return e;
  }

  /**
   * Returns every expectation, in table order.
   *
   * @return the expectations
   */
  public List<Expectation> all() {
    return List.copyOf(table.values());
  }
}
