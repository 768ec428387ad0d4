package dev.distlock.matrix;

import dev.distlock.cluster.ClusterExtension;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Drives a {@link ClusterExtension} outside JUnit: the campaign is one "class" (logs under {@code
 * target/cluster-logs/Campaign/}, every leftover process killed at the end) and each deployment one
 * "test" (its servers and clients closed, Toxiproxy reset). The extension only asks its context for
 * the class, the display name and the execution exception.
 */
final class Scope implements AutoCloseable {
  private final ClusterExtension cluster = new ClusterExtension();
  private final ExtensionContext context;

  Scope() {
    context =
        (ExtensionContext)
            Proxy.newProxyInstance(
                ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getRequiredTestClass" -> Campaign.class;
                      case "getTestClass" -> Optional.of(Campaign.class);
                      case "getDisplayName" -> "safety matrix";
                      case "getExecutionException" -> Optional.empty();
                      case "toString" -> "matrix-scope";
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      default ->
                          throw new UnsupportedOperationException(
                              "matrix scope: " + method.getName());
                    });
    cluster.beforeAll(context);
  }

  ClusterExtension cluster() {
    return cluster;
  }

  /** Opens a deployment's scope. */
  void begin() {
    cluster.beforeEach(context);
  }

  /** Closes what the deployment's scope started. */
  void end() {
    try {
      cluster.afterEach(context);
    } catch (Exception e) {
      throw new IllegalStateException("could not close a deployment's servers", e);
    }
  }

  @Override
  public void close() {
    try {
      cluster.afterAll(context);
    } catch (Exception e) {
      throw new IllegalStateException("could not close the campaign's servers", e);
    }
  }
}
