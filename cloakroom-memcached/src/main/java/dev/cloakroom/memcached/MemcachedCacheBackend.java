package dev.cloakroom.memcached;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.rubyeye.xmemcached.transcoders.Transcoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CacheBackend} on one or more Memcached servers, through one xmemcached client that keeps a
 * connection to each.
 *
 * <p>Servers: keys are spread over the servers by consistent hashing (ketama), so adding or removing a server
 * moves only about its share of the keys. A server that is down keeps its share: operations on its keys fail
 * at once with {@link CacheUnavailableException} instead of moving to another server, because moving them
 * would hand out a second copy of a session that changes independently, and the server's own copy, stale by
 * then, would be read again the moment it came back. The other servers go on serving their keys.
 *
 * <p>Failures: no operation waits longer than the configured timeout for its answer, nor a connection longer
 * than the connect timeout. A server that is unreachable or goes away is connected to again in the background
 * (first after {@value #RECONNECT_INTERVAL_MILLIS} ms, then at growing intervals, xmemcached's schedule) and
 * used again as soon as that succeeds. Building the backend connects to every server; one that is down then
 * does not stop the application from starting, it is retried like one that went away.
 *
 * <p>Time is Memcached's: entries expire by the server's clock, so no engine clock is consulted. A TTL is
 * rounded up to whole seconds; zero or less deletes the entry, as the contract says. A TTL beyond Memcached's
 * 30-day limit for relative expiry must be sent as the Unix second it ends at; that instant is taken from the
 * system clock, the best stand-in for the server's (an engine's clock may be a test's, years off).
 *
 * <p>compareAndSet is Memcached's own {@code gets} then {@code cas}: the swap succeeds only if nobody wrote the
 * entry since it was read. When the expected value is the one this backend's last {@code get} of the key
 * returned (a session loaded, then saved), that read's CAS unique is used and the swap is one round trip
 * ({@link CasTokens}). add is Memcached's {@code add}.
 */
public final class MemcachedCacheBackend implements CacheBackend {
    /** Memcached reads an expiry above this many seconds (30 days) as a Unix time instead of a TTL. */
    static final long MAX_RELATIVE_EXPIRY_SECONDS = 60L * 60 * 24 * 30;
    /**
     * An expiry Memcached reads as an instant in January 1970, long past: an entry written with it is dead at
     * once. It is how compareAndSet deletes atomically, because {@code cas} has no delete and xmemcached refuses
     * the negative expiry Memcached would also take.
     */
    static final int ALREADY_EXPIRED = (int) MAX_RELATIVE_EXPIRY_SECONDS + 1;
    /** xmemcached's first wait before reconnecting to a lost server; later waits grow by this much each. */
    static final long RECONNECT_INTERVAL_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(MemcachedCacheBackend.class);

    private final MemcachedCacheConfig config;
    /** The system clock, to turn a TTL beyond 30 days into the instant Memcached expects. */
    private final Clock wallClock;
    private final MemcachedClient client;
    private final CasTokens casTokens = new CasTokens();

    /** Connects to the servers of {@code config}; a server that is down is retried in the background. */
    public MemcachedCacheBackend(MemcachedCacheConfig config) {
        this(config, Clock.systemUTC(), new TextTranscoder());
    }

    MemcachedCacheBackend(MemcachedCacheConfig config, Clock wallClock, Transcoder<String> transcoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(transcoder, "transcoder");
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (MemcachedCacheConfig.Server server : config.servers()) {
            addresses.add(new InetSocketAddress(server.host(), server.port()));
        }
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(addresses);
        builder.setName("cloakroom-memcached");
        builder.setCommandFactory(new TextCommandFactory());
        builder.setSessionLocator(new KetamaMemcachedSessionLocator());
        // Failure mode keeps a lost server's keys on it (failing fast) instead of rehashing them elsewhere.
        builder.setFailureMode(true);
        builder.setConnectTimeout(config.connectTimeout().toMillis());
        builder.setOpTimeout(config.timeout().toMillis());
        builder.setHealSessionInterval(RECONNECT_INTERVAL_MILLIS);
        builder.setTranscoder(transcoder);
        try {
            this.client = builder.build();
        } catch (IOException | RuntimeException cannotStart) {
            throw new CacheUnavailableException("Cannot start the Memcached client for " + config + ": "
                    + cannotStart.getMessage(), cannotStart);
        }
    }

    /** What this backend connects to. */
    public MemcachedCacheConfig config() {
        return config;
    }

    /** {@inheritDoc} Read with {@code gets}, whose CAS unique a compareAndSet of this value can use. */
    @Override
    public Optional<String> get(String key) {
        String memcachedKey = memcachedKey(key);
        GetsResponse<String> entry = call("gets", () -> client.<String>gets(memcachedKey));
        if (entry == null) {
            casTokens.forget(memcachedKey);
            return Optional.empty();
        }
        casTokens.remember(memcachedKey, entry.getValue(), entry.getCas());
        return Optional.of(entry.getValue());
    }

    /** {@inheritDoc} Without reading the value. */
    @Override
    public boolean contains(String key) {
        String memcachedKey = memcachedKey(key);
        return call("get", () -> client.<String>get(memcachedKey)) != null;
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        String memcachedKey = memcachedKey(key);
        Objects.requireNonNull(value, "value");
        casTokens.forget(memcachedKey);
        if (isDead(ttl)) {
            call("delete", () -> client.delete(memcachedKey));
            return;
        }
        int expiry = expiry(ttl);
        if (!call("set", () -> client.set(memcachedKey, expiry, value))) {
            throw new CacheUnavailableException("Memcached at " + config + " did not store a set", null);
        }
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        String memcachedKey = memcachedKey(key);
        Objects.requireNonNull(value, "value");
        if (isDead(ttl)) {
            // Nothing would be stored; the add "succeeds" exactly when there is no live entry to keep.
            return call("get", () -> client.<String>get(memcachedKey)) == null;
        }
        int expiry = expiry(ttl);
        casTokens.forget(memcachedKey);
        return call("add", () -> client.add(memcachedKey, expiry, value));
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
        String memcachedKey = memcachedKey(key);
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        int expiry = isDead(ttl) ? ALREADY_EXPIRED : expiry(ttl);
        OptionalLong readWithExpected = casTokens.take(memcachedKey, expected);
        if (readWithExpected.isPresent()
                && call("cas", () -> client.cas(memcachedKey, expiry, value, readWithExpected.getAsLong()))) {
            return CasResult.SWAPPED;
        }
        // No token, or the entry was written since: decide by what it holds now.
        GetsResponse<String> current = call("gets", () -> client.<String>gets(memcachedKey));
        if (current == null) {
            return CasResult.ABSENT;
        }
        if (!expected.equals(current.getValue())) {
            return CasResult.CHANGED;
        }
        long casUnique = current.getCas();
        if (call("cas", () -> client.cas(memcachedKey, expiry, value, casUnique))) {
            return CasResult.SWAPPED;
        }
        // Memcached refused the swap: the entry was written or deleted since the gets. Which one is true now
        // decides between a conflict to merge and a session that is gone.
        return call("get", () -> client.<String>get(memcachedKey)) == null ? CasResult.ABSENT : CasResult.CHANGED;
    }

    @Override
    public boolean delete(String key) {
        String memcachedKey = memcachedKey(key);
        casTokens.forget(memcachedKey);
        return call("delete", () -> client.delete(memcachedKey));
    }

    /** Closes the connections and stops the client's threads; later operations fail. */
    @Override
    public void close() {
        try {
            client.shutdown();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Closing the Memcached client for {} failed", config, e);
        }
    }

    /** How many CAS uniques are remembered, for tests. */
    int casTokenCount() {
        return casTokens.size();
    }

    @Override
    public String toString() {
        return "MemcachedCacheBackend[" + config + "]";
    }

    /** The expiry to send for a live {@code ttl}, now by the wall clock; see {@link #expiry(Duration, long)}. */
    private int expiry(Duration ttl) {
        return expiry(ttl, wallClock.instant().getEpochSecond());
    }

    /**
     * The expiry Memcached is sent for a live {@code ttl}: whole seconds rounded up (a positive TTL never becomes
     * 0, which would mean "never"), or, beyond 30 days, the Unix second it ends at counted from
     * {@code nowEpochSecond}, capped at the last second Memcached's 32-bit expiry can hold.
     */
    static int expiry(Duration ttl, long nowEpochSecond) {
        long seconds = ttl.getSeconds();
        if (ttl.getNano() > 0 && seconds < Long.MAX_VALUE) {
            seconds++;
        }
        if (seconds <= MAX_RELATIVE_EXPIRY_SECONDS) {
            return (int) seconds;
        }
        return seconds >= Integer.MAX_VALUE - nowEpochSecond ? Integer.MAX_VALUE : (int) (nowEpochSecond + seconds);
    }

    private static boolean isDead(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        return ttl.isZero() || ttl.isNegative();
    }

    /**
     * The key as sent, prefix included. Keys the store hands over are always safe, and the prefix was checked
     * when the configuration was built; a key that is not safe is a caller's bug and never reaches the wire,
     * where its spaces or line breaks would be read as protocol.
     */
    private String memcachedKey(String key) {
        Objects.requireNonNull(key, "key");
        String memcachedKey = config.keyPrefix() + key;
        String problem = MemcachedKeys.problem(memcachedKey);
        if (problem != null) {
            throw new IllegalArgumentException("Not a Memcached key: " + problem);
        }
        return memcachedKey;
    }

    /** Runs one xmemcached operation, turning each of its failures into {@link CacheUnavailableException}. */
    private <T> T call(String command, Operation<T> operation) {
        try {
            return operation.run();
        } catch (TimeoutException slow) {
            throw new CacheUnavailableException("Memcached " + command + " at " + config + " got no answer within "
                    + config.timeout().toMillis() + " ms", slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("Interrupted during Memcached " + command + " at " + config,
                    interrupted);
        } catch (MemcachedException | RuntimeException failed) {
            throw new CacheUnavailableException("Memcached " + command + " at " + config + " failed: "
                    + failed.getMessage(), failed);
        }
    }

    /** An xmemcached call and the checked exceptions it declares. */
    @FunctionalInterface
    private interface Operation<T> {
        T run() throws TimeoutException, InterruptedException, MemcachedException;
    }
}
