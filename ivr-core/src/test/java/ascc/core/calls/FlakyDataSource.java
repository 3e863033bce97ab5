package ascc.core.calls;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that fails like a database going away: the next {@code failConnects} connection requests throw
 * {@link SQLTransientConnectionException} (as HikariCP does when the pool cannot connect), and the next {@code lostCommits}
 * commits succeed but then throw {@link SQLRecoverableException} (the answer was lost on the wire).
 */
final class FlakyDataSource implements DataSource {
    private final DataSource delegate;
    final AtomicInteger failConnects = new AtomicInteger();
    final AtomicInteger lostCommits = new AtomicInteger();
    final AtomicInteger connects = new AtomicInteger();

    FlakyDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        connects.incrementAndGet();
        if (failConnects.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new SQLTransientConnectionException("ascc-db - Connection is not available, request timed out after 5000ms");
        }
        Connection real = delegate.getConnection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
                try {
                    Object result = method.invoke(real, args);
                    if (method.getName().equals("commit") && lostCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new SQLRecoverableException("connection reset after commit");
                    }
                    return result;
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
