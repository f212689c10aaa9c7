package dev.rung.ledger.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * Group commit: the ledger's writes from all concurrent tasks are queued, and one writer thread
 * stores whatever has gathered as JDBC batches in a single transaction, then tells each caller its
 * rows are committed. Under load many tasks share one commit (one WAL flush) and one round trip per
 * statement kind, instead of a transaction per row; with no load a write commits at once. A caller
 * returns only after its commit, so what a caller reports as stored is durable. A caller's rows (a
 * unit) commit together; a batch that fails is retried unit by unit, so one bad unit fails alone.
 * Statement kinds run in the order the ledger gives ({@link LedgerSql#ORDER}), so a task's row is
 * written before the attempts that refer to it.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** One row to write: its statement and parameters. */
    record Row(String sql, Object... parameters) {}

    /**
     * A caller's rows, committed together; {@code done} completes with their row counts once
     * committed.
     */
    private record Unit(List<Row> rows, CompletableFuture<int[]> done) {}

    private final DataSource dataSource;
    private final LedgerProperties properties;
    private final BlockingQueue<Unit> queue;
    private volatile boolean running;
    private Thread writer;

    GroupCommit(DataSource dataSource, LedgerProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    }

    /**
     * Queues the rows and waits until all of them are committed, in one transaction; returns their
     * row counts (0: a conflict left the row out).
     */
    int[] commit(List<Row> rows) {
        Unit unit = new Unit(List.copyOf(rows), new CompletableFuture<>());
        try {
            queue.put(unit);
            return unit.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException(
                    "interrupted while storing ledger rows", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new DataAccessResourceFailureException(
                            "could not store ledger rows", e.getCause());
        }
    }

    private void run() {
        List<Unit> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Unit first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int rows = first.rows().size();
                while (rows < properties.maxBatch() && queue.peek() != null) {
                    Unit next = queue.poll();
                    batch.add(next);
                    rows += next.rows().size();
                }
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                batch.forEach(unit -> unit.done().completeExceptionally(unexpected));
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<Unit> batch) {
        try {
            List<int[]> counts = inOneTransaction(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(counts.get(i));
            }
        } catch (SQLException failed) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(translate(failed));
                return;
            }
            log.warn(
                    "A ledger batch of {} units failed ({}); storing them one by one",
                    batch.size(),
                    failed.getSQLState());
            for (Unit unit : batch) {
                store(List.of(unit));
            }
        }
    }

    /**
     * Rows of the same statement become one JDBC batch; statement kinds run in {@link
     * LedgerSql#ORDER}.
     */
    private List<int[]> inOneTransaction(List<Unit> batch) throws SQLException {
        List<int[]> counts = batch.stream().map(unit -> new int[unit.rows().size()]).toList();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                onePlanPerLookup(connection);
                for (String sql : statementsInOrder(batch)) {
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        List<int[]> targets = new ArrayList<>();
                        for (int u = 0; u < batch.size(); u++) {
                            List<Row> rows = batch.get(u).rows();
                            for (int r = 0; r < rows.size(); r++) {
                                if (rows.get(r).sql().equals(sql)) {
                                    Object[] parameters = rows.get(r).parameters();
                                    for (int p = 0; p < parameters.length; p++) {
                                        statement.setObject(p + 1, parameters[p]);
                                    }
                                    statement.addBatch();
                                    targets.add(new int[] {u, r});
                                }
                            }
                        }
                        int[] result = statement.executeBatch();
                        for (int k = 0; k < result.length; k++) {
                            counts.get(targets.get(k)[0])[targets.get(k)[1]] = result[k];
                        }
                    }
                }
                connection.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                if (!usable(connection)) {
                    // The server went away mid-transaction (a restart, a failover): say so,
                    // whatever the driver said.
                    throw new SQLNonTransientConnectionException(
                            "the connection to the database was lost", "08006", e);
                }
                connection.rollback();
                throw e;
            }
        }
    }

    /** False for a connection the pool closed or whose server is gone. */
    private static boolean usable(Connection connection) {
        try {
            return !connection.isClosed() && connection.isValid(1);
        } catch (SQLException closed) {
            return false;
        }
    }

    /**
     * Every attempt row looks its task up by id: the foreign key's check and the pinned-prompt
     * trigger. On the partitioned {@code task} PostgreSQL's default plans such a lookup afresh for
     * each row (a generic plan over all months looks dearer to it than one for the row's month),
     * about 50 µs a lookup, which the one writer pays serially. A generic plan prunes to the month
     * as it runs and costs what the lookup did before partitioning. Only for this transaction.
     */
    private static void onePlanPerLookup(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local plan_cache_mode = force_generic_plan");
        }
    }

    private static List<String> statementsInOrder(List<Unit> batch) {
        return batch.stream()
                .flatMap(unit -> unit.rows().stream())
                .map(Row::sql)
                .distinct()
                .sorted(java.util.Comparator.comparingInt(LedgerSql::rank))
                .toList();
    }

    /**
     * Spring's exception for the SQL state: a lost connection is a resource failure, a violated
     * constraint is not.
     */
    private static RuntimeException translate(SQLException e) {
        DataAccessException translated = SQL_STATES.translate("storing ledger rows", null, e);
        return translated != null
                ? translated
                : new UncategorizedSQLException("storing ledger rows", null, e);
    }

    private static final SQLStateSQLExceptionTranslator SQL_STATES =
            new SQLStateSQLExceptionTranslator();

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("ledger-group-commit").daemon(true).start(this::run);
    }

    /** Stops taking new work only after every queued row is stored. */
    @Override
    public void stop() {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts before and stops after the web server and the queue workers, which write through it.
     */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
