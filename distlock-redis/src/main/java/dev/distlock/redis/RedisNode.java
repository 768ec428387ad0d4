package dev.distlock.redis;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how to reach one Redis server: address, credentials (password, or ACL user and
 * password), TLS, and the per-request timeouts. Immutable. {@link #toString()} never shows the
 * password.
 *
 * <p>The timeouts bound every request (connect, and each reply); keep them well below the lock TTL
 * so a renewal that cannot get through is noticed before the lease runs out.
 */
public final class RedisNode {
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final int database;
  private final boolean tls;
  private final SSLSocketFactory sslSocketFactory;
  private final SSLParameters sslParameters;
  private final HostnameVerifier hostnameVerifier;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int poolSize;

  private RedisNode(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.user = b.user;
    this.password = b.password;
    this.database = b.database;
    this.tls = b.tls;
    this.sslSocketFactory = b.sslSocketFactory;
    this.sslParameters = b.sslParameters;
    this.hostnameVerifier = b.hostnameVerifier;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.poolSize = b.poolSize;
  }

  /** A node at {@code host:port} without authentication or TLS, with default timeouts (1 s). */
  public static RedisNode of(String host, int port) {
    return builder(host, port).build();
  }

  /**
   * A builder for a node at {@code host:port}.
   *
   * @throws IllegalArgumentException if the host is blank or the port is not in 1..65535
   */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The ACL user, or null for the default user. */
  public String user() {
    return user;
  }

  /** The password, or null. Never logged. */
  String password() {
    return password;
  }

  public int database() {
    return database;
  }

  public boolean tls() {
    return tls;
  }

  SSLSocketFactory sslSocketFactory() {
    return sslSocketFactory;
  }

  SSLParameters sslParameters() {
    return sslParameters;
  }

  HostnameVerifier hostnameVerifier() {
    return hostnameVerifier;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Connections kept to this node (commands are short; a few per busy thread suffice). */
  public int poolSize() {
    return poolSize;
  }

  @Override
  public String toString() {
    return "RedisNode["
        + host
        + ':'
        + port
        + (user != null ? ", user=" + user : "")
        + (password != null ? ", password=***" : "")
        + (database != 0 ? ", db=" + database : "")
        + (tls ? ", tls" : "")
        + ", timeout="
        + requestTimeout.toMillis()
        + "ms]";
  }

  /** Builds a {@link RedisNode}. Not thread-safe. */
  public static final class Builder {
    private final String host;
    private final int port;
    private String user;
    private String password;
    private int database;
    private boolean tls;
    private SSLSocketFactory sslSocketFactory;
    private SSLParameters sslParameters;
    private HostnameVerifier hostnameVerifier;
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration requestTimeout = Duration.ofSeconds(1);
    private int poolSize = 32;

    private Builder(String host, int port) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be in 1..65535, got " + port);
      }
      this.host = host;
      this.port = port;
    }

    /** Authenticates with {@code AUTH password} (the default user). */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Authenticates as an ACL user with {@code AUTH user password}. */
    public Builder user(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Selects a logical database (default 0). */
    public Builder database(int database) {
      if (database < 0) {
        throw new IllegalArgumentException("database must not be negative, got " + database);
      }
      this.database = database;
      return this;
    }

    /** Connects over TLS with the JVM's default trust. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** Connects over TLS with a custom socket factory, parameters and hostname verifier. */
    public Builder tls(
        SSLSocketFactory factory, SSLParameters parameters, HostnameVerifier verifier) {
      this.tls = true;
      this.sslSocketFactory = factory;
      this.sslParameters = parameters;
      this.hostnameVerifier = verifier;
      return this;
    }

    /** Timeout to establish a connection (default 1 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** Timeout for each reply (default 1 s); keep it well below the lock TTL. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** Connections kept to this node (default 32). */
    public Builder poolSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("poolSize must be positive, got " + size);
      }
      this.poolSize = size;
      return this;
    }

    public RedisNode build() {
      return new RedisNode(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            what + " must be positive and fit in int millis, got " + d);
      }
      return d;
    }
  }
}
