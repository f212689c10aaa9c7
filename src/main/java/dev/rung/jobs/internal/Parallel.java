package dev.rung.jobs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/** Work over many items on virtual threads, at most {@code concurrency} at once. */
final class Parallel {

    private Parallel() {}

    /**
     * Runs {@code work} on each item and waits for all; the first failure is rethrown once every
     * item has run.
     */
    static <T> void each(Iterable<T> items, int concurrency, Consumer<T> work) {
        try (var pool = new Pool(concurrency)) {
            items.forEach(item -> pool.submit(() -> work.accept(item)));
        }
    }

    /** A bounded pool to submit to as items arrive; closing it waits for all of them. */
    static final class Pool implements AutoCloseable {

        private final Semaphore permits;
        private final java.util.concurrent.ExecutorService threads =
                Executors.newVirtualThreadPerTaskExecutor();
        private final List<Future<?>> submitted = new ArrayList<>();

        Pool(int concurrency) {
            this.permits = new Semaphore(concurrency);
        }

        void submit(Runnable work) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a free worker", e);
            }
            submitted.add(
                    threads.submit(
                            () -> {
                                try {
                                    work.run();
                                } finally {
                                    permits.release();
                                }
                            }));
        }

        @Override
        public void close() {
            threads.close();
            RuntimeException first = null;
            for (Future<?> future : submitted) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first =
                                e.getCause() instanceof RuntimeException runtime
                                        ? runtime
                                        : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for workers", e);
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
