package dev.rung.ledger.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Group commit: the ledger's writes from all concurrent tasks are queued, and one writer thread stores whatever
 * has gathered as JDBC batches in a single transaction, then tells each caller its row is committed. Under load
 * many rows share one commit (one WAL flush) and one round trip per statement kind, instead of a transaction per
 * row; with no load a write commits at once. A caller returns only after its commit, so what a caller reports
 * as stored is durable. A batch that fails is retried row by row, so one bad row fails alone.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** One row to write: its statement and parameters; {@code done} completes with the row count once committed. */
    record Write(String sql, Object[] parameters, CompletableFuture<Integer> done) {
    }

    private final DataSource dataSource;
    private final LedgerProperties properties;
    private final BlockingQueue<Write> queue;
    private volatile boolean running;
    private Thread writer;

    GroupCommit(DataSource dataSource, LedgerProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    }

    /** Queues the row and waits until it is committed; returns the row count (0: a conflict left it out). */
    int write(String sql, Object... parameters) {
        Write write = new Write(sql, parameters, new CompletableFuture<>());
        try {
            queue.put(write);
            return write.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while storing a ledger row", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new DataAccessResourceFailureException("could not store a ledger row", e.getCause());
        }
    }

    private void run() {
        List<Write> batch = new ArrayList<>(properties.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Write first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.maxBatch() - 1);
                store(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                batch.forEach(write -> write.done().completeExceptionally(unexpected));
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<Write> batch) {
        try {
            int[] counts = inOneTransaction(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(counts[i]);
            }
        } catch (SQLException failed) {
            if (batch.size() == 1) {
                batch.getFirst().done().completeExceptionally(translate(failed));
                return;
            }
            log.warn("A ledger batch of {} rows failed ({}); storing its rows one by one", batch.size(), failed.getSQLState());
            for (Write write : batch) {
                store(List.of(write));
            }
        }
    }

    /** Statements of the same SQL become one JDBC batch, in the order their first row arrived. */
    private int[] inOneTransaction(List<Write> batch) throws SQLException {
        int[] counts = new int[batch.size()];
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<String> statements = batch.stream().map(Write::sql).distinct().toList();
                for (String sql : statements) {
                    List<Integer> indexes = new ArrayList<>();
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        for (int i = 0; i < batch.size(); i++) {
                            if (batch.get(i).sql().equals(sql)) {
                                Object[] parameters = batch.get(i).parameters();
                                for (int p = 0; p < parameters.length; p++) {
                                    statement.setObject(p + 1, parameters[p]);
                                }
                                statement.addBatch();
                                indexes.add(i);
                            }
                        }
                        int[] result = statement.executeBatch();
                        for (int k = 0; k < result.length; k++) {
                            counts[indexes.get(k)] = result[k];
                        }
                    }
                }
                connection.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static RuntimeException translate(SQLException e) {
        return new DataAccessResourceFailureException("could not store a ledger row (SQL state " + e.getSQLState() + ")", e);
    }

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

    /** Starts before and stops after the web server and the queue workers, which write through it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
