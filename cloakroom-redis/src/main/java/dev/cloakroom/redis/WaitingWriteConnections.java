package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.cache.ReplicationShortfallException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connections that {@code waitReplicas} writes go through, each used by one write and its {@code WAIT} at a
 * time, and by nothing else. Redis runs one client's commands in order and {@code WAIT} blocks its client, so a
 * {@code WAIT} on the shared connection held up every later command of the process, reads included, for as long
 * as the replicas lagged; here it holds up only its own write. The write and its {@code WAIT} share a connection
 * because {@code WAIT} counts the replicas that have the writes of its own connection.
 *
 * <p>At most {@link #SIZE} are open, opened when first needed. A write that finds all of them busy waits for one
 * up to half the timeout (their {@code WAIT}s end within that) and is then refused with
 * {@link ReplicationShortfallException}, unsent: the replicas, not Redis, are what is slow.
 */
final class WaitingWriteConnections {
    static final int SIZE = 8;

    private final RedisConnector connector;
    private final RedisCacheUrl url;
    private final Semaphore inUse = new Semaphore(SIZE);
    private final ConcurrentLinkedDeque<RedisConnector.Connection> idle = new ConcurrentLinkedDeque<>();
    private final List<RedisConnector.Connection> opened = new ArrayList<>();
    private boolean closed;

    WaitingWriteConnections(RedisConnector connector, RedisCacheUrl url) {
        this.connector = connector;
        this.url = url;
    }

    /**
     * Runs {@code operation} and then {@code WAIT} for the URL's replicas on one connection of this set; fails with
     * {@link ReplicationShortfallException} when fewer confirm within half the timeout, and with a Lettuce failure
     * (for the caller to translate) when Redis does not answer.
     */
    <T> T write(String command, RedisConnector.Command<T> operation) {
        long waitMillis = Math.max(1, url.timeout().toMillis() / 2);
        int replicas = url.waitReplicas();
        acquire(command, waitMillis, replicas);
        try {
            RedisConnector.Connection connection = idle.pollFirst();
            if (connection == null) {
                connection = open();
            }
            try {
                T result = connector.run(command, connection, operation);
                long confirmed = confirm(command, connection, replicas, waitMillis);
                if (confirmed < replicas) {
                    throw new ReplicationShortfallException("Redis " + command + " at " + url
                            + " was written to the master but confirmed by " + confirmed + " of the " + replicas
                            + " replicas waitReplicas asks for within " + waitMillis
                            + " ms; it may not survive a failover");
                }
                return result;
            } finally {
                // A connection whose command failed reconnects by itself, so it goes back too.
                release(connection);
            }
        } finally {
            inUse.release();
        }
    }

    /**
     * Redis's {@code WAIT} after a write on {@code connection}. A {@code WAIT} counts the replicas that have the
     * writes of the connection it runs on; one whose connection dropped before it answered may have been replayed
     * on the new connection (to a new master after a failover), where it would confirm nothing about the write,
     * so a drop between the write's answer and the {@code WAIT}'s means the write is not confirmed.
     */
    private long confirm(String command, RedisConnector.Connection connection, int replicas, long waitMillis) {
        long drops = connection.drops();
        long confirmed;
        try {
            confirmed = connection.commands().waitForReplication(replicas, waitMillis);
        } catch (RuntimeException failed) {
            if (connection.drops() == drops && !ConnectionWatch.brokeUnder(failed)) {
                throw failed;
            }
            // Cut off: the socket's error reaches the oldest unanswered command before the drop is counted.
            confirmed = -1;
        }
        if (connection.drops() != drops || confirmed < 0) {
            throw new ReplicationShortfallException("Redis " + command + " at " + url + " was answered by the"
                    + " master, but the connection dropped before WAIT confirmed it on " + replicas
                    + " replicas; it may not survive the failover");
        }
        return confirmed;
    }

    /** Closes every connection; later writes fail. */
    void close() {
        List<RedisConnector.Connection> all;
        synchronized (opened) {
            closed = true;
            all = new ArrayList<>(opened);
            opened.clear();
        }
        idle.clear();
        all.forEach(RedisConnector.Connection::close);
    }

    private void acquire(String command, long waitMillis, int replicas) {
        try {
            if (!inUse.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new ReplicationShortfallException("Redis " + command + " at " + url + " was not sent: all "
                        + SIZE + " connections for waitReplicas writes were still waiting for " + replicas
                        + " replicas to confirm earlier writes after " + waitMillis + " ms");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("Interrupted while waiting to write to Redis at " + url, interrupted);
        }
    }

    private RedisConnector.Connection open() {
        RedisConnector.Connection connection;
        try {
            connection = connector.connectAsync().get(url.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw new CacheUnavailableException("Cannot open a connection for waitReplicas writes to Redis at " + url
                    + ": " + FailureMessages.of(failed), failed.getCause());
        } catch (TimeoutException slow) {
            throw new CacheUnavailableException("Cannot open a connection for waitReplicas writes to Redis at " + url
                    + ": no connection within " + url.timeout().toMillis() + " ms", slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("Interrupted while connecting to Redis at " + url, interrupted);
        }
        synchronized (opened) {
            if (closed) {
                connection.close();
                throw new CacheUnavailableException("Redis cache at " + url + " is closed", null);
            }
            opened.add(connection);
        }
        return connection;
    }

    private void release(RedisConnector.Connection connection) {
        synchronized (opened) {
            if (!closed) {
                idle.addFirst(connection);
            }
        }
    }
}
