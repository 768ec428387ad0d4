#!/usr/bin/env bash
# Installs what the tests and the matrix need, idempotently: redis-server (Debian),
# the Toxiproxy server (go install, pinned), and checks for gcc and a JDK 17.
# Safe to run again: each step is skipped when its result is already there.
set -euo pipefail

TOXIPROXY_VERSION=v2.12.0
BIN_DIR="${DISTLOCK_BIN_DIR:-$HOME/.cache/distlock/bin}"
mkdir -p "$BIN_DIR"

say() { printf '[setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root for: $*"; return 1; fi
}

if ! command -v redis-server >/dev/null 2>&1; then
  say "installing redis-server from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >/dev/null
fi
# Debian starts a system redis on 6379 after install; the tests never use it, and a
# stray server on the default port would only confuse people. Stop it if we can.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  as_root systemctl stop redis-server || true
fi
pkill -f 'redis-server 127.0.0.1:6379' 2>/dev/null || true

# redis-cli (redis-tools, a dependency of redis-server) creates the Redis Cluster; the Sentinel
# deployment runs `redis-server --sentinel`, and redis-sentinel is installed for the README's
# Sentinel quick start. Debian starts a system sentinel on 26379 after install: stop it too.
if ! command -v redis-cli >/dev/null 2>&1 || ! command -v redis-sentinel >/dev/null 2>&1; then
  say "installing redis-tools and redis-sentinel from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-tools redis-sentinel >/dev/null
fi
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-sentinel 2>/dev/null; then
  as_root systemctl stop redis-sentinel || true
fi
# PostgreSQL and MariaDB for the JDBC locks. The harness runs its own servers (initdb /
# mariadb-install-db into throw-away directories); the system services Debian starts after
# install are never used, so they are stopped (and kept from starting at boot) like redis above.
if [ ! -x /usr/lib/postgresql/15/bin/postgres ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "installing postgresql from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  say "installing mariadb-server from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq mariadb-server >/dev/null
fi
for svc in postgresql mariadb; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    as_root systemctl stop "$svc" || true
    as_root systemctl disable "$svc" >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1 && service "$svc" status >/dev/null 2>&1; then
    as_root service "$svc" stop >/dev/null 2>&1 || true
  fi
done
# Neither server runs as root (PostgreSQL refuses to): when the tests run as root, the harness
# starts them as this unprivileged user through setpriv (see DatabaseServer).
if [ "$(id -u)" -eq 0 ] && ! id distlock >/dev/null 2>&1; then
  say "creating the unprivileged OS user 'distlock' for the database servers"
  useradd --system --no-create-home --shell /usr/sbin/nologin distlock
fi

if ! command -v gcc >/dev/null 2>&1; then
  say "installing gcc from Debian (for the clock-shift preload library)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq gcc libc6-dev >/dev/null
fi

if [ ! -x "$BIN_DIR/toxiproxy-server" ]; then
  if ! command -v go >/dev/null 2>&1; then say "go is needed to build the Toxiproxy server"; exit 1; fi
  say "building toxiproxy-server $TOXIPROXY_VERSION with go install"
  tmp=$(mktemp -d)
  GOBIN="$tmp" GOFLAGS=-mod=mod go install "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION"
  mv "$tmp/server" "$BIN_DIR/toxiproxy-server"
  rm -rf "$tmp"
fi

java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
  say "a JDK 17 or newer is needed (found: ${java_major:-none})"; exit 1
fi

say "redis-server: $(redis-server --version | awk '{print $3}')  toxiproxy-server: $BIN_DIR/toxiproxy-server"
# The harness finds the Toxiproxy server through this variable (or on PATH).
echo "DISTLOCK_TOXIPROXY_SERVER=$BIN_DIR/toxiproxy-server"
