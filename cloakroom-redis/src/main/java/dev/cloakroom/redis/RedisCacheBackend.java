package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A {@link CacheBackend} on a Redis server, through one shared, thread-safe Lettuce connection.
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
 * at once instead of being queued. The connection is opened on first use; if Redis is unreachable then, each
 * later operation tries again. Once open, Lettuce reconnects by itself when Redis comes back.
 *
 * <p>compareAndSet is atomic because it runs as one Lua script on the server (sent by digest, and in full only
 * when Redis does not know it yet).
 *
 * <p>{@link #djangoValues()} is a second connection of the same client whose values are byte strings, one char
 * per byte, as Django's Redis backends store their pickles; keys stay UTF-8 on both.
 */
public final class RedisCacheBackend implements CacheBackend {
    /** Redis rejects an expiry that overflows when added to its clock; no session needs more than this anyway. */
    static final long MAX_TTL_MILLIS = Long.MAX_VALUE / 4;

    /**
     * KEYS[1] the key; ARGV[1] the expected value, ARGV[2] the new value, ARGV[3] the TTL in milliseconds (0 to
     * delete). Returns 1 swapped, 0 another value is there, -1 no entry.
     */
    static final String COMPARE_AND_SET_SCRIPT = String.join("\n",
            "local current = redis.call('GET', KEYS[1])",
            "if not current then return -1 end",
            "if current ~= ARGV[1] then return 0 end",
            "if ARGV[3] == '0' then redis.call('DEL', KEYS[1])",
            "else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end",
            "return 1");

    /** Keys as UTF-8 (as Django's clients encode them), values one byte per char. */
    private static final RedisCodec<String, String> BYTE_VALUES = RedisCodec.of(StringCodec.UTF8,
            new StringCodec(StandardCharsets.ISO_8859_1));

    private final RedisCacheUrl url;
    private final RedisClient client;
    private final RedisCodec<String, String> codec;
    /** Whether this backend owns the client (the view of Django's values shares its owner's). */
    private final boolean ownsClient;
    private RedisCacheBackend djangoValues;
    private final String compareAndSetDigest;
    private final Object connectLock = new Object();
    /** The connection, once opened; an attempt that failed is replaced by the next operation. */
    private CompletableFuture<StatefulRedisConnection<String, String>> connection;
    private boolean closed;

    /** A backend on the Redis at {@code url}; nothing is connected until the first operation. */
    public RedisCacheBackend(RedisCacheUrl url) {
        this.url = Objects.requireNonNull(url, "url");
        this.codec = StringCodec.UTF8;
        this.ownsClient = true;
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(url.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(url.timeout()))
                .build());
        this.compareAndSetDigest = sha1Hex(COMPARE_AND_SET_SCRIPT);
    }

    private RedisCacheBackend(RedisCacheBackend owner, RedisCodec<String, String> codec) {
        this.url = owner.url;
        this.client = owner.client;
        this.codec = codec;
        this.ownsClient = false;
        this.compareAndSetDigest = owner.compareAndSetDigest;
    }

    /** The same Redis with values as byte strings; opened on first use, closed with this backend. */
    @Override
    public Optional<CacheBackend> djangoValues() {
        synchronized (connectLock) {
            if (!ownsClient) {
                return Optional.of(this);
            }
            if (djangoValues == null) {
                djangoValues = new RedisCacheBackend(this, BYTE_VALUES);
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
        return Optional.ofNullable(call("GET", redis -> redis.get(redisKey)));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        String redisKey = redisKey(key);
        Objects.requireNonNull(value, "value");
        long millis = ttlMillis(ttl);
        if (millis == 0) {
            call("DEL", redis -> redis.del(redisKey));
        } else {
            call("SET", redis -> redis.set(redisKey, value, SetArgs.Builder.px(millis)));
        }
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        String redisKey = redisKey(key);
        Objects.requireNonNull(value, "value");
        long millis = ttlMillis(ttl);
        if (millis == 0) {
            // Nothing would be stored; the add "succeeds" exactly when there is no live entry to keep.
            return call("EXISTS", redis -> redis.exists(redisKey)) == 0;
        }
        return "OK".equals(call("SET NX", redis -> redis.set(redisKey, value, SetArgs.Builder.nx().px(millis))));
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
        String redisKey = redisKey(key);
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        String[] keys = {redisKey};
        String millis = Long.toString(ttlMillis(ttl));
        long outcome = call("compare-and-set script", redis -> {
            try {
                return redis.<Long>evalsha(compareAndSetDigest, ScriptOutputType.INTEGER, keys, expected, value, millis);
            } catch (RedisNoScriptException unknownToThisServer) {
                // First use on this server, or its script cache was flushed: EVAL runs it and caches it again.
                return redis.<Long>eval(COMPARE_AND_SET_SCRIPT, ScriptOutputType.INTEGER, keys, expected, value, millis);
            }
        });
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
        return call("DEL", redis -> redis.del(redisKey)) > 0;
    }

    @Override
    public boolean contains(String key) {
        String redisKey = redisKey(key);
        return call("EXISTS", redis -> redis.exists(redisKey)) > 0;
    }

    /** Closes the connection and shuts the client's threads down; later operations fail. */
    @Override
    public void close() {
        CompletableFuture<StatefulRedisConnection<String, String>> open;
        RedisCacheBackend view;
        synchronized (connectLock) {
            if (closed) {
                return;
            }
            closed = true;
            open = connection;
            connection = null;
            view = djangoValues;
        }
        if (view != null) {
            view.close();
        }
        if (open != null && open.isDone() && !open.isCompletedExceptionally()) {
            open.join().close();
        }
        if (ownsClient) {
            // Closes any connection still being opened, too.
            client.shutdown(Duration.ZERO, url.timeout());
        }
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
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
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

    /** Runs {@code command}, turning every Lettuce failure into {@link CacheUnavailableException}. */
    private <T> T call(String command, Function<RedisCommands<String, String>, T> operation) {
        RedisCommands<String, String> redis = connection().sync();
        try {
            return operation.apply(redis);
        } catch (RuntimeException lettuceFailure) {
            throw new CacheUnavailableException("Redis " + command + " at " + url + " failed: "
                    + lettuceFailure.getMessage(), lettuceFailure);
        }
    }

    /** The open connection, connecting (again) first when no attempt has succeeded yet. */
    private StatefulRedisConnection<String, String> connection() {
        CompletableFuture<StatefulRedisConnection<String, String>> attempt;
        synchronized (connectLock) {
            if (closed) {
                throw new CacheUnavailableException("Redis cache at " + url + " is closed", null);
            }
            if (connection == null || connection.isCompletedExceptionally() || connection.isCancelled()) {
                // Concurrent callers share one attempt instead of each opening a connection.
                try {
                    connection = client.connectAsync(codec, url.redisUri()).toCompletableFuture();
                } catch (RuntimeException refused) {
                    throw new CacheUnavailableException("Cannot connect to Redis at " + url + ": "
                            + refused.getMessage(), refused);
                }
            }
            attempt = connection;
        }
        try {
            return attempt.get(url.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw new CacheUnavailableException("Cannot connect to Redis at " + url + ": "
                    + (cause == null ? failed.getMessage() : cause.getMessage()), cause == null ? failed : cause);
        } catch (TimeoutException slow) {
            throw new CacheUnavailableException("Cannot connect to Redis at " + url + ": no connection within "
                    + url.timeout().toMillis() + " ms", slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("Interrupted while connecting to Redis at " + url, interrupted);
        }
    }
}
