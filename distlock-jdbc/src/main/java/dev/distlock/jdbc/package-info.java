/**
 * Database locks with fencing tokens over a {@link javax.sql.DataSource}: the lock table and the
 * {@code SELECT … FOR UPDATE} lock ({@link dev.distlock.jdbc.JdbcLocks}), on PostgreSQL and
 * MariaDB; and the protected side: {@link dev.distlock.jdbc.JdbcFencedResource} (token check,
 * record and access in one transaction) next to {@link dev.distlock.jdbc.JdbcVersionedStore}, the
 * optimistic version column. Depends on distlock-core and the JDBC API only.
 */
package dev.distlock.jdbc;
