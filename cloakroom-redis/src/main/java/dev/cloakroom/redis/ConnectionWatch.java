package dev.cloakroom.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.protocol.RedisCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the connections to a Sentinel-named master are up, and what follows for each command: while one of them
 * is down (the master is lost: killed, or cut off, and not yet replaced) a command waits up to the URL's
 * {@code failoverTimeout} for the connection to come back on whichever master the Sentinels name; while they are
 * up it gets the URL's ordinary {@code timeout}, so a master that hangs still fails a request quickly. Lettuce
 * asks this class for each command's timeout as the command is issued ({@link #getTimeout}); the state comes from
 * Lettuce's connect and disconnect events for each connection {@linkplain #watch watched}.
 *
 * <h2>Commands cut off by the loss</h2>
 * A command already sent when its connection drops was given the ordinary timeout, too short to outlast a
 * failover, or is failed at once with the socket's error. When it fails and its connection dropped (or broke)
 * after it was issued, {@link #run} issues it again (it then
 * waits as any command issued while the master is lost), at most {@link #MAX_REISSUES} times and only while
 * {@code failoverTimeout} has not passed since the first issue. Whether the first issue ran on the old master is
 * unknown (the reply was lost; Lettuce may also have replayed it on the new connection itself, as it replays every
 * command a dropped connection had not answered), so a command is reissued only because each one the backend sends
 * gives the right answer when it runs twice:
 * <ul>
 *   <li>{@code GET}, {@code EXISTS}: reads.</li>
 *   <li>{@code SET ... PX}: the same value and TTL again. {@code DEL}: the entry is gone either way; only its
 *       count may then say 0 where the first issue removed it.</li>
 *   <li>{@code SET NX} (a new session's key): a second run finds the entry the first wrote and refuses; the
 *       reissue then reads the key, and the value it wrote itself means the add did happen
 *       ({@link ReissuableCommands#add}). Under a fresh random key no other writer puts the same value.</li>
 *   <li>the compare-and-set script (a conditional save): it is a check-and-set keyed on the value the request
 *       loaded, so a second run after the first swapped finds the new value, not the expected one, and writes
 *       nothing; the reissue then reads the key, and finding its own new value reports the swap it made
 *       ({@link ReissuableCommands#compareAndSet}). Had another request swapped after it, the script reports a
 *       change and the session store merges, as on any conflict. A conditional delete that finds no entry has
 *       likewise done what it was for.</li>
 * </ul>
 * A {@code WAIT} is never counted across a drop: it confirms the writes of its own connection, and one replayed
 * on the new master's connection would confirm nothing about a write made on the old one
 * ({@link WaitingWriteConnections} checks {@link #drops}).
 */
final class ConnectionWatch extends TimeoutOptions.TimeoutSource {
    /** How many times one command is issued again after its connection dropped under it. */
    static final int MAX_REISSUES = 3;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatch.class);

    private final RedisCacheUrl url;
    /** Each watched connection, by identity, with the number of times it dropped. */
    private final Map<Object, AtomicLong> watched = new ConcurrentHashMap<>();
    private final Set<Object> down = ConcurrentHashMap.newKeySet();
    private final RedisConnectionStateListener listener = new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            down.remove(connection);
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            AtomicLong drops = watched.get(connection);
            if (connection.isClosed() || drops == null) {
                // Closed on purpose: it will not come back, and is no sign of a lost master.
                forget(connection);
                return;
            }
            drops.incrementAndGet();
            down.add(connection);
        }
    };

    /** The watch for the connections of {@code url}, whose {@code failoverTimeout} must be positive. */
    ConnectionWatch(RedisCacheUrl url) {
        if (url.failoverTimeout().isZero()) {
            throw new IllegalArgumentException("a watch is only needed when commands wait for a master");
        }
        this.url = url;
    }

    /** Follows {@code connection}, open now, from here on. */
    void watch(StatefulConnection<?, ?> connection) {
        watched.put(connection, new AtomicLong());
        connection.addListener(listener);
    }

    /** Stops following {@code connection}, which is being closed. */
    void forget(Object connection) {
        watched.remove(connection);
        down.remove(connection);
    }

    /** Whether a watched connection is down now, so that commands wait for the master. */
    boolean masterLost() {
        return !down.isEmpty();
    }

    /** How often {@code connection} has dropped since it was watched; 0 for one not watched. */
    long drops(Object connection) {
        AtomicLong drops = watched.get(connection);
        return drops == null ? 0 : drops.get();
    }

    /** {@inheritDoc} In milliseconds: {@code failoverTimeout} while the master is lost, else {@code timeout}. */
    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
        return (masterLost() ? url.failoverTimeout() : url.timeout()).toMillis();
    }

    /**
     * Runs {@code command} on {@code connection}, issuing it again when its connection dropped under it (see the
     * class comment); a command that waited for a master in vain fails with a message naming
     * {@code failoverTimeout}.
     */
    <T> T run(String name, RedisConnector.Connection connection, RedisConnector.Command<T> command) {
        long started = System.nanoTime();
        for (int reissues = 0; ; reissues++) {
            long dropsBefore = connection.drops();
            try {
                return command.apply(connection.commands(), reissues > 0);
            } catch (RedisCommandExecutionException answered) {
                // An error reply: Redis ran the command and said no. Nothing was cut off.
                throw answered;
            } catch (RedisException failure) {
                boolean cutOff = connection.drops() != dropsBefore || brokeUnder(failure);
                Duration waited = Duration.ofNanos(System.nanoTime() - started);
                if (cutOff && reissues < MAX_REISSUES && waited.compareTo(url.failoverTimeout()) < 0) {
                    LOG.debug("Redis {} at {}: connection dropped under it after {} ms; issuing it again", name,
                            url, waited.toMillis());
                    continue;
                }
                if (failure instanceof RedisCommandTimeoutException && masterLost()) {
                    throw new RedisException("no master answered within failoverTimeout="
                            + url.failoverTimeout().toMillis() + "ms: the master's connection is down and the"
                            + " Sentinels have named no master that accepts it (waited " + waited.toMillis()
                            + " ms)", failure);
                }
                throw failure;
            }
        }
    }

    /**
     * Whether {@code failure} is the connection breaking under the command (a reset, say): Lettuce hands the
     * socket's error to the oldest unanswered command before it reports the connection down, so the drop count
     * may not have moved yet.
     */
    static boolean brokeUnder(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
