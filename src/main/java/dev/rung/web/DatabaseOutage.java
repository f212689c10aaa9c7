package dev.rung.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * Whether an error means PostgreSQL could not be reached (restarting, failing over, refusing
 * connections) rather than that something is wrong with a request or with Rung: anywhere in the
 * chain of causes, Spring's "resource failure" translations, a connection the pool could not hand
 * out, or an SQL state of class 08 (connection exception), 57P (the server shut down or is
 * starting) or 53300 (too many connections).
 */
public final class DatabaseOutage {

    /**
     * Long enough for a restart or a managed failover to finish, short enough for a client not to
     * give up.
     */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private DatabaseOutage() {}

    public static boolean causedBy(Throwable error) {
        for (Throwable cause = error;
                cause != null;
                cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransientDataAccessResourceException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || (cause instanceof SQLException sql && connectionState(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The outermost cause's class and SQL state: enough to tell outages apart, without a query or
     * its values.
     */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state =
                root instanceof SQLException sql ? " (SQL state " + sql.getSQLState() + ")" : "";
        return root.getClass().getSimpleName() + state;
    }

    private static boolean connectionState(String state) {
        return state != null
                && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }
}
