package dev.cloakroom.jdbc;

import dev.cloakroom.store.SessionStoreException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a store's writes one at a time, in arrival order, where the database itself takes one writer at a time
 * and makes the others sleep (SQLite). Its busy handler retries a locked database after sleeps that grow to
 * 100 ms, so 32 concurrent writers queued there gave a p99 of 0.65-1.5 s; queued here, a writer starts the
 * moment the one before it commits. Readers are never queued (under WAL they do not block writers), and
 * another process writing the same file is still waited for by SQLite's busy timeout.
 */
final class WriteQueue {
    private final ReentrantLock lock;
    private final Duration patience;

    private WriteQueue(ReentrantLock lock, Duration patience) {
        this.lock = lock;
        this.patience = patience;
    }

    /** A queue when {@code serialize}, else one that lets every write through at once. */
    static WriteQueue of(boolean serialize, Duration patience) {
        return new WriteQueue(serialize ? new ReentrantLock(true) : null, patience);
    }

    /**
     * Runs {@code write} once every write queued before it is done.
     *
     * @throws SessionStoreException when the writes ahead take longer than the patience given (a stuck
     *         writer), or the thread is interrupted while waiting
     */
    <T> T run(String action, JdbcCalls calls, JdbcCalls.Work<T> write) {
        if (lock == null) {
            return calls.run(action, write);
        }
        try {
            if (!lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SessionStoreException("Session database busy while " + action + ": the writes queued"
                        + " ahead did not finish within " + patience.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException("Interrupted while waiting to write (" + action + ")", e);
        }
        try {
            return calls.run(action, write);
        } finally {
            lock.unlock();
        }
    }
}
