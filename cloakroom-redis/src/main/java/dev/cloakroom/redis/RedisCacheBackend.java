package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheOutageLog;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.cache.ReplicationShortfallException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link CacheBackend} on a Redis server, a Sentinel-managed master or a Redis Cluster (as the URL's scheme
 * says, see {@link RedisConnector}), through one shared, thread-safe Lettuce connection; writes with
 * {@code waitReplicas} go through connections of their own ({@link WaitingWriteConnections}), so that their
 * {@code WAIT} blocks nothing else.
 *
 * <p>Time is Redis's: every entry is written with a millisecond TTL ({@code PX}) and Redis expires it by its own
 * clock, so no injected {@link java.time.Clock} is consulted for expiry (the cache session store still compares
 * each record's expiry instant with its clock, so a session ends on time either way). A positive TTL shorter
 * than a millisecond is rounded up to one, because Redis would refuse {@code PX 0}; a TTL of zero or less
 * deletes the entry, as the contract says.
 *
 * <p>Failures: every Lettuce failure (refused connection, timeout, error reply) surfaces as
 * {@link CacheUnavailableException}, and none takes longer than the URL's timeout (default 2 s) to surface:
 * connecting and each command are bounded by it, and commands issued while the connection is down are rejected
 * at once instead of being queued; the one exception is a Sentinel URL's {@code failoverTimeout}, under which
 * commands wait that long for the Sentinels' new master ({@link SentinelConnector}). The connection starts
 * opening in the background when the backend is created: the first one also starts the client (its threads, its
 * classes loaded), which on a busy host took most of the 2 s timeout, so the first request, charged with it,
 * failed and opened the cache's circuit breaker. If Redis is unreachable then, creating the backend still succeeds and later operations try again, one attempt at a time and
 * at most one per {@value #RECONNECT_DELAY_MAX_MILLIS} ms (the operations in between fail at once with the last
 * attempt's reason), so a burst of traffic is not a burst of connection attempts and of Lettuce's per-Sentinel
 * warnings. Once open, Lettuce reconnects by itself when Redis comes back, retrying every
 * {@value #RECONNECT_DELAY_MAX_MILLIS} ms at most: its default backoff grows to 30 s, which kept the cache down for
 * up to 20 s after Redis had returned.
 *
 * <p>An outage is logged once when it starts and once when it ends, with the count of failed calls between
 * ({@link CacheOutageLog}); the failures themselves reach the caller as exceptions, not the log.
 *
 * <p>compareAndSet is atomic because it runs as one Lua script on the server (sent by digest, and in full only
 * when Redis does not know it yet); it compares the SHA-1 of the stored value with the expected one's, so the
 * old value is never sent back.
 */
public final class RedisCacheBackend implements CacheBackend {
    /** Redis rejects an expiry that overflows when added to its clock; no session needs more than this anyway. */
    static final long MAX_TTL_MILLIS = Long.MAX_VALUE / 4;

    /** The conditional-save script ({@link ReissuableCommands#COMPARE_AND_SET_SCRIPT}). */
    static final String COMPARE_AND_SET_SCRIPT = ReissuableCommands.COMPARE_AND_SET_SCRIPT;

    /** Lettuce's first reconnect comes at once; later ones double up to this, so recovery follows within it. */
    static final long RECONNECT_DELAY_MAX_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheBackend.class);

    private final RedisCacheUrl url;
    private final ClientResources resources;
    private final RedisConnector connector;
    private final CacheOutageLog outages;
    private final String compareAndSetDigest;
    private final String getOrAddDigest;
    private final Object connectLock = new Object();
    /** The connection attempt, once made; an attempt that failed is replaced by the next operation. */
    private CompletableFuture<RedisConnector.Connection> connection;
    /** When the last connection attempt started ({@link System#nanoTime()}), to space failed attempts out. */
    private long lastAttemptNanos;
    private boolean attempted;
    /** Writes with {@code waitReplicas}; null without it. */
    private final WaitingWriteConnections waitingWrites;
    /** The connection once open, read without a lock: every command needs it, and a lock would serialise them. */
    private volatile RedisConnector.Connection open;
    private volatile boolean closed;

    /** A backend on the Redis at {@code url}; connecting starts in the background (see the class comment). */
    public RedisCacheBackend(RedisCacheUrl url) {
        this(url, Clock.systemUTC());
    }

    /** As above; {@code clock} times outages for the log (Redis keeps its own time for entries). */
    public RedisCacheBackend(RedisCacheUrl url, Clock clock) {
        this(url, clock, io.lettuce.core.codec.StringCodec.UTF8);
    }

    /**
     * Keys as UTF-8 (as Django's clients encode them), values one byte per char: what {@link #djangoValues()}
     * reads and writes.
     */
    private static final io.lettuce.core.codec.RedisCodec<String, String> BYTE_VALUES =
            io.lettuce.core.codec.RedisCodec.of(io.lettuce.core.codec.StringCodec.UTF8,
                    new io.lettuce.core.codec.StringCodec(StandardCharsets.ISO_8859_1));

    private final Clock clock;
    private final boolean bytesView;
    private RedisCacheBackend djangoValues;

    private RedisCacheBackend(RedisCacheUrl url, Clock clock, io.lettuce.core.codec.RedisCodec<String, String> codec) {
        this.url = Objects.requireNonNull(url, "url");
        this.clock = clock;
        this.bytesView = codec == BYTE_VALUES;
        this.outages = new CacheOutageLog(LOG, "Redis at " + url, clock);
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(1), Duration.ofMillis(RECONNECT_DELAY_MAX_MILLIS),
                        2, TimeUnit.MILLISECONDS))
                .build();
        this.connector = RedisConnector.forUrl(url, resources, ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(url.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(url.timeout()))
                .build(), codec);
        this.compareAndSetDigest = sha1Hex(COMPARE_AND_SET_SCRIPT);
        this.getOrAddDigest = sha1Hex(ReissuableCommands.GET_OR_ADD_SCRIPT);
        this.waitingWrites = url.waitReplicas() > 0 ? new WaitingWriteConnections(connector, url) : null;
        startConnecting();
    }

    /** The first attempt, not awaited; should it fail, the next operation makes another (see connection()). */
    private void startConnecting() {
        synchronized (connectLock) {
            attempted = true;
            lastAttemptNanos = System.nanoTime();
            try {
                connection = connector.connectAsync();
            } catch (RuntimeException refused) {
                LOG.debug("Redis at {}: first connection attempt refused: {}", url, refused.getMessage());
            }
        }
    }

    /**
     * The same Redis with values as byte strings, as Django's Redis backends store their pickles: a second
     * connection on the same URL, opened on first use and closed with this backend.
     */
    @Override
    public Optional<CacheBackend> djangoValues() {
        if (bytesView) {
            return Optional.of(this);
        }
        synchronized (connectLock) {
            if (djangoValues == null) {
                djangoValues = new RedisCacheBackend(url, clock, BYTE_VALUES);
            }
            return Optional.of(djangoValues);
        }
    }

    /** The URL served, password hidden. */
    public RedisCacheUrl url() {
        return url;
    }

    @Override
    public Optional<String> get(String key) {
        String redisKey = redisKey(key);
        return Optional.ofNullable(call("GET", (redis, reissued) -> redis.get(redisKey)));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        String redisKey = redisKey(key);
        Objects.requireNonNull(value, "value");
        long millis = ttlMillis(ttl);
        if (millis == 0) {
            write("DEL", (redis, reissued) -> redis.del(redisKey));
        } else {
            write("SET", (redis, reissued) -> redis.set(redisKey, value, SetArgs.Builder.px(millis)));
        }
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        String redisKey = redisKey(key);
        Objects.requireNonNull(value, "value");
        long millis = ttlMillis(ttl);
        if (millis == 0) {
            // Nothing would be stored; the add "succeeds" exactly when there is no live entry to keep.
            return call("EXISTS", (redis, reissued) -> redis.exists(redisKey)) == 0;
        }
        return write("SET NX", (redis, reissued) -> ReissuableCommands.add(redis, redisKey, value, millis, reissued));
    }

    /** One script, so that a cached_db read that misses costs one round trip for the get and the lease. */
    @Override
    public Optional<String> getOrAdd(String key, String value, Duration ttl) {
        String redisKey = redisKey(key);
        Objects.requireNonNull(value, "value");
        long millis = ttlMillis(ttl);
        if (millis == 0) {
            // nothing would be stored, as with add: the value is "added" exactly when there is none to keep
            return get(key).or(() -> Optional.of(value));
        }
        return Optional.ofNullable(write("get-or-add script",
                (redis, reissued) -> ReissuableCommands.getOrAdd(redis, getOrAddDigest, redisKey, value, millis)));
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
        String redisKey = redisKey(key);
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        String millis = Long.toString(ttlMillis(ttl));
        // the bytes Redis holds are the value in this connection's encoding, and the script hashes those
        String expectedDigest = sha1Hex(expected, bytesView ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        long outcome = write("compare-and-set script", (redis, reissued) -> ReissuableCommands.compareAndSet(redis,
                compareAndSetDigest, redisKey, expectedDigest, value, millis, reissued));
        if (outcome == 1) {
            return CasResult.SWAPPED;
        }
        if (outcome == 0) {
            return CasResult.CHANGED;
        }
        if (outcome == -1) {
            return CasResult.ABSENT;
        }
        throw new CacheUnavailableException("Redis at " + url + " answered the compare-and-set script with "
                + outcome + ", expected 1, 0 or -1", null);
    }

    @Override
    public boolean delete(String key) {
        String redisKey = redisKey(key);
        return write("DEL", (redis, reissued) -> redis.del(redisKey)) > 0;
    }

    @Override
    public boolean contains(String key) {
        String redisKey = redisKey(key);
        return call("EXISTS", (redis, reissued) -> redis.exists(redisKey)) > 0;
    }

    /** Closes the connection and shuts the client's threads down; later operations fail. */
    @Override
    public void close() {
        CompletableFuture<RedisConnector.Connection> attempt;
        RedisCacheBackend view;
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            view = djangoValues;
            closed = true;
            attempt = connection;
            connection = null;
            open = null;
        }
        if (attempt != null && attempt.isDone() && !attempt.isCompletedExceptionally()) {
            attempt.join().close();
        }
        if (view != null) {
            view.close();
        }
        if (waitingWrites != null) {
            waitingWrites.close();
        }
        // Closes any connection still being opened, too; the resources are ours, so their threads go as well.
        connector.shutdown(url.timeout());
        resources.shutdown(0, url.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Milliseconds for {@code ttl}: 0 when the entry is dead at once, otherwise rounded up (a positive TTL never
     * becomes 0) and capped at {@link #MAX_TTL_MILLIS}.
     */
    static long ttlMillis(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isZero() || ttl.isNegative()) {
            return 0;
        }
        long millis;
        try {
            millis = ttl.toMillis();
        } catch (ArithmeticException beyondLong) {
            return MAX_TTL_MILLIS;
        }
        if (ttl.getNano() % 1_000_000 != 0) {
            millis++;
        }
        return Math.min(millis, MAX_TTL_MILLIS);
    }

    /** The digest Redis files a script under (EVALSHA's argument): SHA-1 of its text, in lower-case hex. */
    static String sha1Hex(String script) {
        return sha1Hex(script, StandardCharsets.UTF_8);
    }

    /** SHA-1 of {@code text} encoded in {@code charset}, in lower-case hex, as Lua's {@code redis.sha1hex}. */
    static String sha1Hex(String text, Charset charset) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(charset));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException everyJvmHasIt) {
            throw new IllegalStateException("SHA-1 is not available", everyJvmHasIt);
        }
    }

    private String redisKey(String key) {
        Objects.requireNonNull(key, "key");
        return url.keyPrefix() + key;
    }

    /** Runs {@code command} on the shared connection, turning every Lettuce failure into {@link CacheUnavailableException}. */
    private <T> T call(String command, RedisConnector.Command<T> operation) {
        return guarded(command, () -> connector.run(command, connection(), operation));
    }

    /**
     * {@link #call}, or, when the URL asks for {@code waitReplicas}, the write and Redis's {@code WAIT} on a
     * connection of their own ({@link WaitingWriteConnections}), so that the write is on that many replicas before
     * it counts as done and the wait holds up no other command. A shortfall is a
     * {@link ReplicationShortfallException}: Redis answered, so it is not logged or counted as an outage.
     */
    private <T> T write(String command, RedisConnector.Command<T> operation) {
        if (waitingWrites == null) {
            return call(command, operation);
        }
        return guarded(command, () -> {
            // The shared connection opens first: connecting is single-flight and spaced out there.
            connection();
            return waitingWrites.write(command, operation);
        });
    }

    private <T> T guarded(String command, Supplier<T> operation) {
        T result;
        try {
            try {
                result = operation.get();
            } catch (CacheUnavailableException ours) {
                throw ours;
            } catch (RuntimeException lettuceFailure) {
                throw new CacheUnavailableException("Redis " + command + " at " + url + " failed: "
                        + FailureMessages.of(lettuceFailure), lettuceFailure);
            }
        } catch (ReplicationShortfallException answered) {
            outages.succeeded();
            throw answered;
        } catch (CacheUnavailableException failure) {
            if (outages.failed()) {
                LOG.warn("Redis at {} is unavailable: {}; further failures are counted, not logged, until it answers",
                        url, failure.getMessage());
            }
            throw failure;
        }
        outages.succeeded();
        return result;
    }

    /** The open connection, connecting (again) first when no attempt has succeeded yet. */
    private RedisConnector.Connection connection() {
        RedisConnector.Connection established = open;
        if (established != null) {
            return established;
        }
        CompletableFuture<RedisConnector.Connection> attempt;
        synchronized (connectLock) {
            if (closed) {
                throw new CacheUnavailableException("Redis cache at " + url + " is closed", null);
            }
            if (connection == null || connection.isCompletedExceptionally() || connection.isCancelled()) {
                // Concurrent callers share one attempt instead of each opening a connection, and a failed attempt
                // is not repeated sooner than Lettuce would reconnect: each attempt logs a warning per Sentinel,
                // so an attempt per operation made the log grow with the traffic. A monotonic clock, not the
                // injected one, spaces them: a frozen test clock must not stop reconnecting.
                long now = System.nanoTime();
                if (connection != null && attempted
                        && now - lastAttemptNanos < TimeUnit.MILLISECONDS.toNanos(RECONNECT_DELAY_MAX_MILLIS)) {
                    CompletableFuture<RedisConnector.Connection> failed = connection;
                    throw new CacheUnavailableException("Cannot connect to Redis at " + url + ": "
                            + FailureMessages.of(failed.handle((ok, e) -> e).join()) + " (next attempt within "
                            + RECONNECT_DELAY_MAX_MILLIS + " ms)", null);
                }
                attempted = true;
                lastAttemptNanos = now;
                try {
                    connection = connector.connectAsync();
                } catch (RuntimeException refused) {
                    throw new CacheUnavailableException("Cannot connect to Redis at " + url + ": "
                            + FailureMessages.of(refused), refused);
                }
            }
            attempt = connection;
        }
        try {
            RedisConnector.Connection connected = attempt.get(url.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            synchronized (connectLock) {
                if (closed) {
                    throw new CacheUnavailableException("Redis cache at " + url + " is closed", null);
                }
                open = connected;
            }
            return connected;
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw new CacheUnavailableException("Cannot connect to Redis at " + url + ": "
                    + FailureMessages.of(cause == null ? failed : cause), cause == null ? failed : cause);
        } catch (TimeoutException slow) {
            throw new CacheUnavailableException("Cannot connect to Redis at " + url + ": no connection within "
                    + url.timeout().toMillis() + " ms", slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("Interrupted while connecting to Redis at " + url, interrupted);
        }
    }
}
