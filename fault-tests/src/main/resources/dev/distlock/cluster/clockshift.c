/*
 * clockshift: an LD_PRELOAD library that shifts a server's wall clock by an offset
 * that a test rewrites while the server runs (the "clock jump" nemesis of distlock).
 *
 * The offset is a signed 64-bit count of nanoseconds (native byte order) stored in
 * an 8-byte file named by DISTLOCK_CLOCK_OFFSET_FILE. The file is mapped with
 * MAP_SHARED, so a write by the harness is seen by the next clock read, with no
 * signal or restart. Without the variable, or when the file cannot be mapped, the
 * offset is 0 and the library changes nothing.
 *
 * Shifted: clock_gettime(CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_TAI),
 * gettimeofday and time. With DISTLOCK_CLOCK_SHIFT_MONOTONIC=1 also
 * CLOCK_MONOTONIC, CLOCK_MONOTONIC_COARSE, CLOCK_MONOTONIC_RAW and CLOCK_BOOTTIME.
 * redis-server 7.0 expires keys by mstime(), which reads gettimeofday; its event
 * loop timers read CLOCK_MONOTONIC, which is why monotonic shifting is opt-in.
 *
 * Why not dlsym(RTLD_NEXT, ...) like libfaketime: dlsym can allocate, and Debian's
 * redis-server links jemalloc, whose initialisation reads the clock: the two recurse
 * and the server never starts. The real clock is read with the raw system call
 * instead, which needs no symbol lookup and no allocation. Nothing here allocates.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int64_t *offset_ns; /* NULL until mapped (or when there is no file) */
static volatile int initialised;
static int shift_monotonic;

static void clockshift_init(void) {
  if (initialised) return;
  const char *path = getenv("DISTLOCK_CLOCK_OFFSET_FILE");
  const char *mono = getenv("DISTLOCK_CLOCK_SHIFT_MONOTONIC");
  shift_monotonic = mono != NULL && strcmp(mono, "1") == 0;
  if (path != NULL && path[0] != '\0') {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      void *p = mmap(NULL, sizeof(int64_t), PROT_READ, MAP_SHARED, fd, 0);
      close(fd);
      if (p != MAP_FAILED) offset_ns = (volatile int64_t *)p;
    }
  }
  /* Two threads may race here before main(); both map the same file, which only
     leaks one 4 KiB mapping. */
  initialised = 1;
}

__attribute__((constructor)) static void clockshift_constructor(void) { clockshift_init(); }

static int64_t current_offset(void) {
  if (!initialised) clockshift_init();
  return offset_ns == NULL ? 0 : __atomic_load_n(offset_ns, __ATOMIC_RELAXED);
}

static int shifted(clockid_t id) {
  switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_TAI:
      return 1;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_BOOTTIME:
      if (!initialised) clockshift_init();
      return shift_monotonic;
    default:
      return 0;
  }
}

static void add_offset(struct timespec *ts, int64_t off) {
  int64_t ns = (int64_t)ts->tv_sec * 1000000000LL + ts->tv_nsec + off;
  int64_t sec = ns / 1000000000LL;
  int64_t rem = ns % 1000000000LL;
  if (rem < 0) {
    rem += 1000000000LL;
    sec -= 1;
  }
  ts->tv_sec = (time_t)sec;
  ts->tv_nsec = (long)rem;
}

static int real_clock_gettime(clockid_t id, struct timespec *ts) {
  return (int)syscall(SYS_clock_gettime, id, ts);
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  int rc = real_clock_gettime(id, ts);
  if (rc == 0 && shifted(id)) {
    int64_t off = current_offset();
    if (off != 0) add_offset(ts, off);
  }
  return rc;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  (void)tz; /* the kernel's timezone is obsolete; glibc ignores it too */
  struct timespec ts;
  int rc = clock_gettime(CLOCK_REALTIME, &ts);
  if (rc != 0) return rc;
  tv->tv_sec = ts.tv_sec;
  tv->tv_usec = ts.tv_nsec / 1000;
  return 0;
}

time_t time(time_t *out) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return (time_t)-1;
  if (out != NULL) *out = ts.tv_sec;
  return ts.tv_sec;
}
