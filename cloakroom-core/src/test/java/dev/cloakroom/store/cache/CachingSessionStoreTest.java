package dev.cloakroom.store.cache;

import dev.cloakroom.testsupport.ForwardingStore;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.UnavailableCache;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cached_db's composition: the wrapped store stays the truth, the cache only saves reads, and no cache
 * failure reaches the caller.
 */
class CachingSessionStoreTest {
    private static final String KEY = "abcdefgh12345678abcdefgh12345678";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    /** Stands in for the database: a store with exact compare-and-set semantics. */
    private final CacheSessionStore truth = new CacheSessionStore(new LocalCacheBackend(clock), "truth:", clock);
    private final LocalCacheBackend cache = new LocalCacheBackend(clock);
    private final CachingSessionStore store = new CachingSessionStore(truth, cache, CachingSessionStore.KEY_PREFIX,
            clock);

    private SessionRecord record(String data) {
        return new SessionRecord(data, clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void createWritesTheStoreAndTheCache() {
        assertThat(store.create(KEY, record("one"))).isTrue();
        assertThat(truth.load(KEY)).contains(record("one"));
        assertThat(cache.get(CachingSessionStore.KEY_PREFIX + KEY)).isPresent();
    }

    @Test
    void loadIsServedFromTheCacheOnceFilled() {
        truth.create(KEY, record("one"));
        assertThat(store.load(KEY)).contains(record("one"));
        truth.delete(KEY);
        assertThat(store.load(KEY)).as("second load must come from the cache").contains(record("one"));
    }

    @Test
    void existsLooksAtTheCacheFirstThenTheStore() {
        truth.create(KEY, record("one"));
        assertThat(store.exists(KEY)).isTrue();
        assertThat(store.exists("zzzzzzzz12345678zzzzzzzz12345678")).isFalse();
    }

    @Test
    void staleCacheEntryCostsOneConflictThenTheStoreIsRead() {
        store.create(KEY, record("one"));
        truth.replace(KEY, record("one"), record("two")); // another node; its cache refresh was lost
        assertThat(store.load(KEY)).contains(record("one"));
        assertThat(store.replace(KEY, record("one"), record("mine"))).isEqualTo(ReplaceOutcome.CONFLICT);
        assertThat(store.load(KEY)).contains(record("two"));
        assertThat(store.replace(KEY, record("two"), record("mine"))).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(truth.load(KEY)).contains(record("mine"));
        assertThat(store.load(KEY)).contains(record("mine"));
    }

    @Test
    void deleteRemovesFromBoth() {
        store.create(KEY, record("one"));
        store.delete(KEY);
        assertThat(truth.load(KEY)).isEmpty();
        assertThat(store.load(KEY)).isEmpty();
        assertThat(store.replace(KEY, record("one"), record("two"))).isEqualTo(ReplaceOutcome.MISSING);
    }

    @Test
    void aCacheOutageNeverFailsAnOperation() {
        CachingSessionStore broken = new CachingSessionStore(truth, new UnavailableCache(), CachingSessionStore.KEY_PREFIX,
                clock);
        assertThat(broken.create(KEY, record("one"))).isTrue();
        assertThat(broken.load(KEY)).contains(record("one"));
        assertThat(broken.exists(KEY)).isTrue();
        assertThat(broken.replace(KEY, record("one"), record("two"))).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(truth.load(KEY)).contains(record("two"));
        broken.delete(KEY);
        assertThat(truth.load(KEY)).isEmpty();
    }

    @Test
    void savesReachingTheCacheInTheOppositeOrderToTheStoreLeaveNoStaleEntry() {
        store.create(KEY, record("one"));
        // This request's save is between its store write and its cache write when another request saves.
        CachingSessionStore interrupted = new CachingSessionStore(new InterleavingStore(truth) {
            @Override
            public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
                ReplaceOutcome outcome = super.replace(key, expected, replacement);
                assertThat(store.replace(KEY, record("two"), record("three"))).isEqualTo(ReplaceOutcome.REPLACED);
                return outcome;
            }
        }, cache, CachingSessionStore.KEY_PREFIX, clock);

        assertThat(interrupted.replace(KEY, record("one"), record("two"))).isEqualTo(ReplaceOutcome.REPLACED);

        assertThat(truth.load(KEY)).contains(record("three"));
        assertThat(store.load(KEY)).as("what the next request reads").contains(record("three"));
    }

    @Test
    void aLoadThatReadTheStoreBeforeASaveDoesNotCacheTheOlderRecord() {
        truth.create(KEY, record("one"));
        // While this request reads "one" from the store, another saves "two".
        CachingSessionStore slowReader = new CachingSessionStore(new InterleavingStore(truth) {
            @Override
            public Optional<SessionRecord> load(String key) {
                Optional<SessionRecord> read = super.load(key);
                assertThat(store.replace(KEY, record("one"), record("two"))).isEqualTo(ReplaceOutcome.REPLACED);
                return read;
            }
        }, cache, CachingSessionStore.KEY_PREFIX, clock);

        assertThat(slowReader.load(KEY)).contains(record("one"));

        assertThat(store.load(KEY)).as("what the next request reads").contains(record("two"));
    }

    @Test
    void aLoadThatMissesCachesWhatItReadAndLeavesNoLeaseForAnUnknownKey() {
        truth.create(KEY, record("one"));
        assertThat(store.load(KEY)).contains(record("one"));
        truth.delete(KEY);
        assertThat(store.load(KEY)).as("served from the cache").contains(record("one"));

        String unknown = "unknown0unknown0unknown0unknown0";
        assertThat(store.load(unknown)).isEmpty();
        assertThat(cache.get(CachingSessionStore.KEY_PREFIX + unknown)).isEmpty();
        assertThat(store.exists(unknown)).isFalse();
    }

    @Test
    void anEntryNotInOurFormatIsReplacedByTheStoresRecord() {
        truth.create(KEY, record("one"));
        cache.set(CachingSessionStore.KEY_PREFIX + KEY, "garbage: not a cached session", Duration.ofHours(1));

        assertThat(store.load(KEY)).contains(record("one"));

        assertThat(cache.get(CachingSessionStore.KEY_PREFIX + KEY)).contains(CacheEntries.format(record("one")));
    }

    /** cached_db clears what the database holds, by the core's rule; cache entries expire by their TTL. */
    @Test
    void clearExpiredIsTheWrappedStoresWithTheCoresRule() {
        List<Predicate<SessionRecord>> handed = new ArrayList<>();
        SessionStore database = new InterleavingStore(truth) {
            @Override
            public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
                handed.add(expired);
                return OptionalLong.of(7);
            }
        };
        CachingSessionStore caching = new CachingSessionStore(database, cache, CachingSessionStore.KEY_PREFIX, clock);
        Predicate<SessionRecord> rule = record -> record.data().startsWith("old");
        assertThat(caching.clearExpired(rule)).hasValue(7);
        assertThat(handed).containsExactly(rule);
        assertThat(store.clearExpired(rule)).as("a store whose records expire by themselves says so")
                .isEqualTo(truth.clearExpired(rule)).isEmpty();
    }

    /** The store {@code truth} is, for overriding one call to let another request in. */
    private static class InterleavingStore extends ForwardingStore {
        InterleavingStore(SessionStore delegate) {
            super(delegate);
        }
    }

    /** A cache that still answers reads but refuses writes, e.g. a client left on a read-only replica. */
    private final class ReadOnlyWhenTold implements CacheBackend {
        boolean refuseWrites;

        private void check() {
            if (refuseWrites) {
                throw new CacheUnavailableException("READONLY", new IllegalStateException("replica"));
            }
        }

        @Override
        public Optional<String> get(String key) {
            return cache.get(key);
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            check();
            cache.set(key, value, ttl);
        }

        @Override
        public boolean add(String key, String value, Duration ttl) {
            check();
            return cache.add(key, value, ttl);
        }

        @Override
        public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
            check();
            return cache.compareAndSet(key, expected, value, ttl);
        }

        @Override
        public boolean delete(String key) {
            check();
            return cache.delete(key);
        }
    }

    @Test
    void aCacheThatReadsButCannotWriteNeverServesAnEntryItFailedToReplace() {
        ReadOnlyWhenTold readOnly = new ReadOnlyWhenTold();
        CachingSessionStore caching = new CachingSessionStore(truth, readOnly, CachingSessionStore.KEY_PREFIX, clock);
        caching.create(KEY, record("one"));
        readOnly.refuseWrites = true;
        assertThat(caching.replace(KEY, record("one"), record("two"))).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(caching.load(KEY)).as("the cache still holds 'one'; the store must be read").contains(record("two"));
        assertThat(caching.replace(KEY, record("two"), record("three"))).isEqualTo(ReplaceOutcome.REPLACED);
        readOnly.refuseWrites = false;
        assertThat(caching.load(KEY)).contains(record("three"));
        assertThat(cache.get(CachingSessionStore.KEY_PREFIX + KEY).flatMap(CacheEntries::parse))
                .as("the stale entry was replaced once the cache took writes again").contains(record("three"));
    }

    @Test
    void aLogoutWhoseCacheDeleteFailsDoesNotLeaveTheSessionReadable() {
        ReadOnlyWhenTold readOnly = new ReadOnlyWhenTold();
        CachingSessionStore caching = new CachingSessionStore(truth, readOnly, CachingSessionStore.KEY_PREFIX, clock);
        caching.create(KEY, record("logged in"));
        readOnly.refuseWrites = true;
        caching.delete(KEY);
        assertThat(caching.load(KEY)).isEmpty();
        assertThat(caching.exists(KEY)).isFalse();
    }

    /** A store that keeps no expiry instant (files) gets no cached reads, and no lease is left behind. */
    @Test
    void recordsWithoutAnExpiryAreNotCachedAndLeaveNoLease(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (dev.cloakroom.store.file.FileSessionStore files = new dev.cloakroom.store.file.FileSessionStore(dir,
                "sessionid")) {
            CachingSessionStore cached = new CachingSessionStore(files, cache, "files:", clock);
            SessionRecord written = new SessionRecord("data", clock.instant().plus(Duration.ofHours(1)),
                    clock.instant());
            files.create(KEY, written);
            String log = CapturedLog.during(() -> assertThat(cached.load(KEY)).map(SessionRecord::data).contains("data"));
            assertThat(log).doesNotContain("ERROR");
            assertThat(cache.get("files:" + KEY)).isEmpty();
        }
    }
}
