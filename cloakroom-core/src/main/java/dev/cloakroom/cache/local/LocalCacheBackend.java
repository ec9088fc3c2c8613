package dev.cloakroom.cache.local;

import dev.cloakroom.cache.CacheBackend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-process cache on Caffeine: Cloakroom's counterpart of Django's local-memory cache, and what the
 * {@code default} cache alias falls back to. Entries live only in this JVM, so sessions kept here are lost on
 * restart and are not shared between processes.
 *
 * <p>Every entry expires at its own instant ({@code now + ttl}, with "now" read from the injected clock).
 * Caffeine's timer reads the same clock, so moving a test clock lets Caffeine evict expired entries, and every
 * read also compares the entry's expiry instant with the clock, so an entry is dead from exactly that instant
 * even before Caffeine gets round to evicting it.
 *
 * <p>The cache is bounded twice: past {@link #maxEntries()} entries, or past {@link #maxBytes()} bytes of keys
 * and values, Caffeine evicts the entries least likely to be used again. An evicted session is simply gone,
 * as with any cache, so the bounds should comfortably exceed what the live sessions need; the default entry
 * bound, {@value #DEFAULT_MAX_ENTRIES}, is far above Django's local-memory default of 300 entries because here
 * the cache usually holds nothing but sessions. The byte bound is what keeps a client that writes large
 * sessions from filling the heap (Django's local-memory cache has none): {@value #DEFAULT_MAX_BYTES} bytes by
 * default. Caffeine bounds by one weight only, so each entry weighs its bytes but at least
 * {@code maxBytes / maxEntries}: the weight budget then holds no more than {@code maxEntries} entries and no
 * more than {@code maxBytes} bytes.
 */
public final class LocalCacheBackend implements CacheBackend {
    /** The bound used when none is configured. */
    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    /** The byte budget used when none is configured: 128 MiB, a few hundred of the largest sessions. */
    public static final long DEFAULT_MAX_BYTES = 128L * 1024 * 1024;
    /** What an entry costs beyond its characters: the entry, its key and value objects, Caffeine's node. */
    static final int ENTRY_OVERHEAD_BYTES = 160;

    private final Clock clock;
    private final long maxEntries;
    private final long maxBytes;
    private final Cache<String, Entry> cache;

    public LocalCacheBackend(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES);
    }

    public LocalCacheBackend(Clock clock, long maxEntries) {
        this(clock, maxEntries, DEFAULT_MAX_BYTES);
    }

    /**
     * @param clock      the time source for expiry; tests move it instead of sleeping
     * @param maxEntries the most entries kept before the least valuable are evicted; at least 1
     * @param maxBytes   the most bytes of keys and values (two a character, plus a fixed overhead an entry)
     *                   kept before the least valuable are evicted; at least 1
     */
    public LocalCacheBackend(Clock clock, long maxEntries, long maxBytes) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        int leastWeight = (int) Math.min(Integer.MAX_VALUE, Math.max(1, ceilDiv(maxBytes, maxEntries)));
        this.cache = Caffeine.newBuilder()
                .ticker(ticker(clock))
                .expireAfter(new UntilExpiryInstant())
                .maximumWeight(maxBytes)
                .<String, Entry>weigher((key, entry) -> Math.max(leastWeight, bytesOf(key, entry)))
                // Maintenance runs on the calling thread, so evictions are never deferred to a pool and tests
                // observe them deterministically.
                .executor(Runnable::run)
                .build();
    }

    public long maxEntries() {
        return maxEntries;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** An estimate of what an entry holds on the heap: two bytes a character at most, plus the objects. */
    static int bytesOf(String key, Entry entry) {
        long bytes = 2L * key.length() + 2L * entry.value().length() + ENTRY_OVERHEAD_BYTES;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }

    @Override
    public Optional<String> get(String key) {
        Objects.requireNonNull(key, "key");
        Entry entry = cache.getIfPresent(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.isExpiredAt(clock.instant())) {
            cache.asMap().remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Instant now = clock.instant();
        if (isDeadOnArrival(ttl)) {
            cache.invalidate(key);
        } else {
            cache.put(key, new Entry(value, expiryOf(now, ttl)));
        }
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        boolean[] added = {false};
        cache.asMap().compute(key, (k, current) -> {
            Instant now = clock.instant();
            if (isLive(current, now)) {
                return current;
            }
            added[0] = true;
            return isDeadOnArrival(ttl) ? null : new Entry(value, expiryOf(now, ttl));
        });
        return added[0];
    }

    @Override
    public Optional<String> getOrAdd(String key, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        String[] answer = {null};
        cache.asMap().compute(key, (k, current) -> {
            Instant now = clock.instant();
            if (isLive(current, now)) {
                answer[0] = current.value();
                return current;
            }
            answer[0] = value;
            return isDeadOnArrival(ttl) ? null : new Entry(value, expiryOf(now, ttl));
        });
        return Optional.of(answer[0]);
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        CasResult[] result = {CasResult.ABSENT};
        cache.asMap().compute(key, (k, current) -> {
            Instant now = clock.instant();
            if (!isLive(current, now)) {
                result[0] = CasResult.ABSENT;
                return null;
            }
            if (!current.value().equals(expected)) {
                result[0] = CasResult.CHANGED;
                return current;
            }
            result[0] = CasResult.SWAPPED;
            return isDeadOnArrival(ttl) ? null : new Entry(value, expiryOf(now, ttl));
        });
        return result[0];
    }

    @Override
    public boolean delete(String key) {
        Objects.requireNonNull(key, "key");
        boolean[] wasLive = {false};
        cache.asMap().compute(key, (k, current) -> {
            wasLive[0] = isLive(current, clock.instant());
            return null;
        });
        return wasLive[0];
    }

    /** This cache itself: its strings hold byte strings as they are, and nothing but this JVM reads them. */
    @Override
    public Optional<CacheBackend> djangoValues() {
        return Optional.of(this);
    }

    /** Entries currently held, expired or not; for tests and diagnostics. */
    long estimatedSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static boolean isLive(Entry entry, Instant now) {
        return entry != null && !entry.isExpiredAt(now);
    }

    private static boolean isDeadOnArrival(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        return ttl.isZero() || ttl.isNegative();
    }

    /** {@code now + ttl}, saturating at {@link Instant#MAX} for absurdly long TTLs. */
    private static Instant expiryOf(Instant now, Duration ttl) {
        try {
            return now.plus(ttl);
        } catch (ArithmeticException | java.time.DateTimeException tooFar) {
            return Instant.MAX;
        }
    }

    /** Caffeine's notion of time, in nanoseconds since the epoch of {@code clock}. */
    private static Ticker ticker(Clock clock) {
        return () -> epochNanos(clock.instant());
    }

    private static long epochNanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException beyondTicker) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A cached value and the instant from which it is dead. */
    record Entry(String value, Instant expiresAt) {
        boolean isExpiredAt(Instant now) {
            return !expiresAt.isAfter(now);
        }
    }

    /**
     * Tells Caffeine how long each entry has left: until its own expiry instant, measured on the ticker
     * (which is the clock). Reads do not extend the life of an entry; writes set it anew.
     */
    private static final class UntilExpiryInstant implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return remainingNanos(entry, currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return remainingNanos(entry, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private static long remainingNanos(Entry entry, long currentTime) {
            long end = epochNanos(entry.expiresAt());
            try {
                return Math.max(0, Math.subtractExact(end, currentTime));
            } catch (ArithmeticException outOfRange) {
                return end > currentTime ? Long.MAX_VALUE : 0;
            }
        }
    }
}
