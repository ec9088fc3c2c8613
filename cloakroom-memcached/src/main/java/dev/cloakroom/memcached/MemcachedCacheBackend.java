package dev.cloakroom.memcached;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.SecurityLog;
import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.MemcachedClientStateListener;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.exception.MemcachedException;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CacheBackend} on one or more Memcached servers, through one xmemcached client that keeps a
 * connection to each.
 *
 * <p>Servers: each key goes to the server Django's {@code PyMemcacheCache} puts it on for the same list of
 * servers (pymemcache's rendezvous hashing of the configured {@code host:port} names,
 * {@link RendezvousSessionLocator}), so a Django and a Cloakroom sharing the servers read and write the same
 * entries; adding or removing a server moves only about its share of the keys. A server that is down keeps its
 * share: operations on its keys fail at once with {@link CacheUnavailableException} instead of moving to another
 * server, because moving them would hand out a second copy of a session that changes independently, and the
 * server's own copy, stale by then, would be read again the moment it came back. The other servers go on serving
 * their keys. (Django's client does move them: after its third failed attempt on a server it leaves that server
 * out for 60 seconds, each process on its own, and places its keys on the others meanwhile; see the README.)
 *
 * <p>Failures: no command waits longer than the configured timeout for its answer. get, contains, set, add and
 * delete send one command; compareAndSet sends up to three ({@code gets}, {@code cas}, then a {@code get} when
 * the swap is refused), or four when a remembered token is tried first and refused, so it may take up to four
 * times the timeout. A write that times out may still have been applied by the server: the exception says the
 * answer did not come, not that nothing was stored. The connect timeout bounds the connections made when the
 * backend is built; xmemcached's background reconnects use its own fixed 60-second connect timeout
 * ({@code MemcachedClient.DEFAULT_CONNECT_TIMEOUT}, which it offers no setting for), while operations on the
 * lost server go on failing at once. A server that is unreachable or goes away is connected to again in the
 * background, the n-th attempt n times {@value #RECONNECT_INTERVAL_MILLIS} ms after the one before and never more
 * than 60 s apart (xmemcached's schedule), and used again as soon as that succeeds. Building the backend
 * connects to every server; one that is down then does not stop the application from starting, it is retried
 * like one that went away. A host name that does not resolve is refused at once, naming the setting: xmemcached
 * resolves each address once and never again, so it would fail until a restart.
 *
 * <p>An entry this backend cannot read (another client's, with other flags or bytes that are not UTF-8) is bad
 * data, not an outage: get and contains report it missing, compareAndSet reports it {@code CHANGED}, it is left
 * in place, and a warning goes to the security log.
 *
 * <p>Time is Memcached's: entries expire by the server's clock, so no engine clock is consulted. A TTL is
 * rounded up to whole seconds and sent with one second more, because Memcached counts a relative expiry from
 * its last whole-second tick: an entry lives at least its TTL and at most a second longer. Zero or less
 * deletes the entry, as the contract says. A TTL beyond Memcached's
 * 30-day limit for relative expiry must be sent as the Unix second it ends at; that instant is taken from the
 * system clock, the best stand-in for the server's (an engine's clock may be a test's, years off).
 *
 * <p>compareAndSet is Memcached's own {@code gets} then {@code cas}: the swap succeeds only if nobody wrote the
 * entry since it was read. When the expected value is the one this backend's last {@code get} of the key
 * returned (a session loaded, then saved), that read's CAS unique is used and the swap is one round trip
 * ({@link CasTokens}). add is Memcached's {@code add}.
 *
 * <p>{@link #djangoValues()} is a second client on the same servers whose values are framed as Django's
 * {@code PyMemcacheCache} frames them ({@link PymemcacheTranscoder}); it is opened on first use and closed with
 * this backend.
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
    /**
     * xmemcached's first wait before reconnecting to a lost server; later waits grow by this much each, up to
     * its cap of 60 s ({@code ReconnectRequest.MAX_RECONNECT_INTERVAL}).
     */
    static final long RECONNECT_INTERVAL_MILLIS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(MemcachedCacheBackend.class);

    private final MemcachedCacheConfig config;
    /** The system clock, to turn a TTL beyond 30 days into the instant Memcached expects. */
    private final Clock wallClock;
    private final MemcachedClient client;
    private final CasTokens casTokens = new CasTokens();
    /**
     * Moves on every connect and disconnect of any server, so that a CAS unique read before a reconnect, which
     * a restarted server may have handed out again to another entry, is never sent after it.
     */
    private final AtomicLong connectionGeneration = new AtomicLong();
    private final boolean framesDjangosValues;
    private final Object viewLock = new Object();
    private MemcachedCacheBackend djangoValues;

    /** Connects to the servers of {@code config}; a server that is down is retried in the background. */
    public MemcachedCacheBackend(MemcachedCacheConfig config) {
        this(config, Clock.systemUTC(), new TextTranscoder());
    }

    MemcachedCacheBackend(MemcachedCacheConfig config, Clock wallClock, Transcoder<String> transcoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(transcoder, "transcoder");
        this.framesDjangosValues = transcoder instanceof PymemcacheTranscoder;
        List<InetSocketAddress> addresses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (MemcachedCacheConfig.Server server : config.servers()) {
            names.add(server.nodeName());
            InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
            if (address.isUnresolved()) {
                // xmemcached keeps the address resolved here for the client's life and never looks the name up
                // again, so a name that does not resolve now would fail every operation until a restart.
                throw new ImproperlyConfiguredException(config.setting(), "the Memcached server host '"
                        + server.host() + "' does not resolve to an address");
            }
            addresses.add(address);
        }
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(addresses);
        builder.setName("cloakroom-memcached");
        builder.setCommandFactory(new TextCommandFactory());
        builder.setSessionLocator(new RendezvousSessionLocator(names, addresses));
        // Failure mode keeps a lost server's keys on it (failing fast) instead of rehashing them elsewhere.
        builder.setFailureMode(true);
        builder.setConnectTimeout(config.connectTimeout().toMillis());
        builder.setOpTimeout(config.timeout().toMillis());
        builder.setHealSessionInterval(RECONNECT_INTERVAL_MILLIS);
        builder.setTranscoder(transcoder);
        builder.addStateListener(new GenerationCounter(connectionGeneration));
        try {
            this.client = builder.build();
        } catch (IOException | RuntimeException cannotStart) {
            throw new CacheUnavailableException("Cannot start the Memcached client for " + config, cannotStart);
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
        long generation = connectionGeneration.get();
        GetsResponse<String> entry = readable("gets", memcachedKey, () -> client.<String>gets(memcachedKey));
        if (entry == null) {
            casTokens.forget(memcachedKey);
            return Optional.empty();
        }
        casTokens.remember(memcachedKey, entry.getValue(), entry.getCas(), generation);
        return Optional.of(entry.getValue());
    }

    /** {@inheritDoc} As {@link #get}, an entry this backend cannot read counts as missing. */
    @Override
    public boolean contains(String key) {
        String memcachedKey = memcachedKey(key);
        return readable("get", memcachedKey, () -> client.<String>get(memcachedKey)) != null;
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
            throw new CacheUnavailableException("Memcached set on " + config + " failed: the server did not store"
                    + " the entry", null);
        }
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        String memcachedKey = memcachedKey(key);
        Objects.requireNonNull(value, "value");
        if (isDead(ttl)) {
            // Nothing would be stored; the add "succeeds" exactly when there is no live entry to keep.
            return readable("get", memcachedKey, () -> client.<String>get(memcachedKey)) == null;
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
        OptionalLong readWithExpected = casTokens.take(memcachedKey, expected,
                connectionGeneration.get());
        if (readWithExpected.isPresent()
                && call("cas", () -> client.cas(memcachedKey, expiry, value, readWithExpected.getAsLong()))) {
            return CasResult.SWAPPED;
        }
        // No token, or the entry was written since: decide by what it holds now.
        GetsResponse<String> current;
        try {
            current = call("gets", () -> client.<String>gets(memcachedKey));
        } catch (TextTranscoder.UnreadableValueException foreign) {
            // Whatever it is, it is not the expected value, and it is left as it is.
            reportUnreadable(memcachedKey, foreign);
            return CasResult.CHANGED;
        }
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
        try {
            return call("get", () -> client.<String>get(memcachedKey)) == null ? CasResult.ABSENT : CasResult.CHANGED;
        } catch (TextTranscoder.UnreadableValueException foreign) {
            reportUnreadable(memcachedKey, foreign);
            return CasResult.CHANGED;
        }
    }

    @Override
    public boolean delete(String key) {
        String memcachedKey = memcachedKey(key);
        casTokens.forget(memcachedKey);
        return call("delete", () -> client.delete(memcachedKey));
    }

    /** The same servers with values as Django's {@code PyMemcacheCache} stores them. */
    @Override
    public Optional<CacheBackend> djangoValues() {
        if (framesDjangosValues) {
            return Optional.of(this);
        }
        synchronized (viewLock) {
            if (djangoValues == null) {
                djangoValues = new MemcachedCacheBackend(config, wallClock, new PymemcacheTranscoder());
            }
            return Optional.of(djangoValues);
        }
    }

    /** Closes the connections and stops the client's threads; later operations fail. */
    @Override
    public void close() {
        MemcachedCacheBackend view;
        synchronized (viewLock) {
            view = djangoValues;
        }
        if (view != null) {
            view.close();
        }
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
     * The expiry Memcached is sent for a live {@code ttl}: whole seconds rounded up, plus one, or, when that is
     * beyond 30 days, the Unix second it ends at counted from {@code nowEpochSecond}, capped at the last second
     * Memcached's 32-bit expiry can hold. The extra second is because Memcached's clock ticks whole seconds and
     * a relative expiry of N counts from the last tick, so it lasts between N-1 and N seconds: sending N+1 keeps
     * every entry at least its TTL (and at most a second longer), and a positive TTL never becomes 0 ("never").
     */
    static int expiry(Duration ttl, long nowEpochSecond) {
        long seconds = ttl.getSeconds();
        if (ttl.getNano() > 0 && seconds < Long.MAX_VALUE) {
            seconds++;
        }
        if (seconds < Long.MAX_VALUE) {
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

    /**
     * Runs one xmemcached operation, turning each of its failures into {@link CacheUnavailableException} with a
     * message of ours (the command, the servers, and "timed out" or "not connected"); xmemcached's own wording
     * stays in the cause, for the log. An entry this backend cannot read is not a failure of the cache: it comes
     * out as {@link TextTranscoder.UnreadableValueException}, for the caller to treat as bad data.
     */
    private <T> T call(String command, Operation<T> operation) {
        try {
            return operation.run();
        } catch (TimeoutException slow) {
            throw new CacheUnavailableException("Memcached " + command + " on " + config + " timed out: no answer"
                    + " within " + config.timeout().toMillis() + " ms", slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("Memcached " + command + " on " + config + " was interrupted",
                    interrupted);
        } catch (MemcachedException | RuntimeException failed) {
            TextTranscoder.UnreadableValueException unreadable = unreadable(failed);
            if (unreadable != null) {
                throw unreadable;
            }
            throw new CacheUnavailableException("Memcached " + command + " on " + config + " failed: "
                    + (failed instanceof MemcachedException ? "not connected (reconnecting in the background)"
                    : "the client failed (" + failed.getClass().getSimpleName() + ")"), failed);
        }
    }

    /**
     * A read, with an entry this backend cannot read (another client's, with other flags or bytes that are not
     * UTF-8) taken as missing and reported on the security log, as the core's cache stores treat an entry not in
     * their format: bad data gives an empty session, never an outage.
     */
    private <T> T readable(String command, String memcachedKey, Operation<T> read) {
        try {
            return call(command, read);
        } catch (TextTranscoder.UnreadableValueException foreign) {
            reportUnreadable(memcachedKey, foreign);
            return null;
        }
    }

    private static void reportUnreadable(String memcachedKey, TextTranscoder.UnreadableValueException foreign) {
        SecurityLog.suspiciousSession().warn("Memcached entry is not text this backend wrote ({}); taking it as"
                + " missing and leaving it in place (key length {})", foreign.getMessage(), memcachedKey.length());
    }

    private static TextTranscoder.UnreadableValueException unreadable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TextTranscoder.UnreadableValueException unreadable) {
                return unreadable;
            }
        }
        return null;
    }

    /**
     * Counts connects and disconnects. xmemcached reports a disconnect after it dropped the session and a
     * connect before it hands the new session out, and reconnects no sooner than a second later, so no command
     * reaches a restarted server while the generation still reads as it did before the server went away.
     */
    private static final class GenerationCounter implements MemcachedClientStateListener {
        private final AtomicLong generation;

        GenerationCounter(AtomicLong generation) {
            this.generation = generation;
        }

        @Override
        public void onConnected(MemcachedClient client, InetSocketAddress address) {
            generation.incrementAndGet();
        }

        @Override
        public void onDisconnected(MemcachedClient client, InetSocketAddress address) {
            generation.incrementAndGet();
        }

        @Override
        public void onStarted(MemcachedClient client) {
        }

        @Override
        public void onShutDown(MemcachedClient client) {
        }

        @Override
        public void onException(MemcachedClient client, Throwable failure) {
        }
    }

    /** An xmemcached call and the checked exceptions it declares. */
    @FunctionalInterface
    private interface Operation<T> {
        T run() throws TimeoutException, InterruptedException, MemcachedException;
    }
}
