package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.UnavailableCache;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionKeys;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStoreException;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheSessionStoreTest {
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz012345";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.123456789Z"));
    private final LocalCacheBackend cache = new LocalCacheBackend(clock);
    private final CacheSessionStore store = new CacheSessionStore(cache, CacheSessionStore.KEY_PREFIX, clock);

    private SessionRecord record(String data, Duration lifetime) {
        return new SessionRecord(data, clock.instant().plus(lifetime));
    }

    @Test
    void loadReturnsARecordEqualToTheOneCreated() {
        SessionRecord written = record("e30:1abc:sig", Duration.ofDays(14));
        assertThat(store.create(KEY, written)).isTrue();
        assertThat(store.load(KEY)).contains(written);
    }

    @Test
    void entryLivesUnderPrefixPlusKeyWithExpiryBeforeTheData() {
        SessionRecord written = new SessionRecord("payload:with:colons",
                Instant.parse("2026-01-15T00:00:00.000000042Z"));
        store.create(KEY, written);
        long epochSecond = written.expiresAt().getEpochSecond();
        assertThat(cache.get("cloakroom.sessions.cache" + KEY))
                .contains(epochSecond + ".000000042:payload:with:colons");
    }

    @Test
    void entryTtlEndsAtTheRecordsExpiry() {
        store.create(KEY, record("data", Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(5).minusNanos(1));
        assertThat(store.load(KEY)).isPresent();
        clock.advance(Duration.ofNanos(1));
        assertThat(store.load(KEY)).isEmpty();
        assertThat(cache.get(CacheSessionStore.KEY_PREFIX + KEY)).isEmpty();
    }

    @Test
    void loadIgnoresAnExpiredRecordTheCacheStillHolds() {
        TtlIgnoringCache lazy = new TtlIgnoringCache();
        CacheSessionStore lazyStore = new CacheSessionStore(lazy, CacheSessionStore.KEY_PREFIX, clock);
        lazyStore.create(KEY, record("data", Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(lazy.entries).hasSize(1);
        assertThat(lazyStore.load(KEY)).isEmpty();
    }

    @Test
    void createRefusesAKeyThatIsTaken() {
        SessionRecord first = record("first", Duration.ofDays(1));
        assertThat(store.create(KEY, first)).isTrue();
        assertThat(store.create(KEY, record("second", Duration.ofDays(1)))).isFalse();
        assertThat(store.load(KEY)).contains(first);
    }

    @Test
    void existsSeesOnlyStoredKeys() {
        assertThat(store.exists(KEY)).isFalse();
        store.create(KEY, record("data", Duration.ofDays(1)));
        assertThat(store.exists(KEY)).isTrue();
    }

    @Test
    void replaceOfTheExpectedRecordStoresTheReplacement() {
        SessionRecord loaded = record("v1", Duration.ofDays(1));
        store.create(KEY, loaded);
        SessionRecord replacement = record("v2", Duration.ofDays(2));
        assertThat(store.replace(KEY, loaded, replacement)).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(store.load(KEY)).contains(replacement);
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(store.load(KEY)).contains(replacement);
    }

    @Test
    void replaceAfterAnotherWriteConflictsAndWritesNothing() {
        SessionRecord loaded = record("v1", Duration.ofDays(1));
        store.create(KEY, loaded);
        SessionRecord concurrent = record("other", Duration.ofDays(1));
        store.replace(KEY, loaded, concurrent);
        assertThat(store.replace(KEY, loaded, record("mine", Duration.ofDays(1)))).isEqualTo(ReplaceOutcome.CONFLICT);
        assertThat(store.load(KEY)).contains(concurrent);
    }

    @Test
    void replaceComparesTheExpiryToo() {
        SessionRecord loaded = record("same", Duration.ofDays(1));
        store.create(KEY, loaded);
        SessionRecord sameDataOtherExpiry = new SessionRecord("same", loaded.expiresAt().plusSeconds(1));
        assertThat(store.replace(KEY, sameDataOtherExpiry, record("x", Duration.ofDays(1))))
                .isEqualTo(ReplaceOutcome.CONFLICT);
    }

    @Test
    void replaceOfADeletedRecordIsMissingAndDoesNotResurrectIt() {
        SessionRecord loaded = record("v1", Duration.ofDays(1));
        store.create(KEY, loaded);
        store.delete(KEY);
        assertThat(store.replace(KEY, loaded, record("v2", Duration.ofDays(1)))).isEqualTo(ReplaceOutcome.MISSING);
        assertThat(store.exists(KEY)).isFalse();
    }

    @Test
    void replaceOfAnExpiredRecordIsMissingEvenWhileTheCacheStillHoldsIt() {
        TtlIgnoringCache lazy = new TtlIgnoringCache();
        CacheSessionStore lazyStore = new CacheSessionStore(lazy, CacheSessionStore.KEY_PREFIX, clock);
        SessionRecord loaded = record("v1", Duration.ofSeconds(1));
        lazyStore.create(KEY, loaded);
        String stored = lazy.entries.get(CacheSessionStore.KEY_PREFIX + KEY);
        clock.advance(Duration.ofSeconds(1));
        assertThat(lazyStore.replace(KEY, loaded, record("v2", Duration.ofDays(1)))).isEqualTo(ReplaceOutcome.MISSING);
        assertThat(lazy.entries).containsEntry(CacheSessionStore.KEY_PREFIX + KEY, stored);
    }

    @Test
    void deleteRemovesTheEntryAndToleratesAMissingOne() {
        store.create(KEY, record("data", Duration.ofDays(1)));
        store.delete(KEY);
        assertThat(store.load(KEY)).isEmpty();
        store.delete(KEY);
        assertThat(store.exists(KEY)).isFalse();
    }

    @Test
    void clearExpiredLeavesExpiryToTheCache() {
        store.create(KEY, record("data", Duration.ofDays(1)));
        assertThat(store.clearExpired(anyRecord -> true)).isEmpty();
        assertThat(store.exists(KEY)).isTrue();
    }

    @Test
    void keysTheCacheCannotHoldNeverReachIt() {
        CacheSessionStore guarded = new CacheSessionStore(new UnusableCache(), CacheSessionStore.KEY_PREFIX, clock);
        SessionRecord any = record("data", Duration.ofDays(1));
        String overlong = "a".repeat(1240);
        String[] keys = {"../etc/passwd", "a b c d e f", "ABCDEFGHIJ", "key\nwith\nnewlines", overlong, ""};
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            for (String key : keys) {
                assertThat(guarded.load(key)).as(key).isEmpty();
                assertThat(guarded.exists(key)).as(key).isFalse();
                assertThat(guarded.create(key, any)).as(key).isFalse();
                assertThat(guarded.replace(key, any, any)).as(key).isEqualTo(ReplaceOutcome.MISSING);
                guarded.delete(key);
            }
            // Every refusal except the empty key's (no key at all is not suspicious) is reported.
            assertThat(log.warnings()).hasSize((keys.length - 1) * 5).noneMatch(line -> line.contains("etc"));
        }
    }

    @Test
    void longestKeyThatFitsTheCacheIsAccepted() {
        // The one key rule of every store: at most SessionKeys.MAX_LENGTH characters, well inside the cache's limit.
        String longest = "k".repeat(SessionKeys.MAX_LENGTH);
        assertThat((CacheSessionStore.KEY_PREFIX + longest).length()).isLessThan(CacheEntries.MAX_CACHE_KEY_BYTES);
        SessionRecord written = record("data", Duration.ofDays(1));
        assertThat(store.create(longest, written)).isTrue();
        assertThat(store.load(longest)).contains(written);
        assertThat(store.load(longest + "k")).isEmpty();
    }

    /** The cache's key limit counts bytes, the prefix included; a longer cache key never reaches the cache. */
    @Test
    void theCacheKeyLimitIsMemcachedsInBytesPrefixIncluded() {
        String key = "k".repeat(SessionKeys.MAX_LENGTH);
        String fits = "p".repeat(CacheEntries.MAX_CACHE_KEY_BYTES - key.length());
        CacheSessionStore atTheLimit = new CacheSessionStore(cache, fits, clock);
        SessionRecord written = record("data", Duration.ofDays(1));
        assertThat(atTheLimit.create(key, written)).isTrue();
        assertThat(atTheLimit.load(key)).contains(written);

        // 211 bytes in 106 characters: within the limit if it counted characters
        String oneByteTooMany = "\u00e9".repeat(fits.length() / 2) + "p";
        CacheSessionStore beyond = new CacheSessionStore(new UnusableCache(), oneByteTooMany, clock);
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(beyond.load(key)).isEmpty();
            assertThat(beyond.exists(key)).isFalse();
            assertThat(beyond.create(key, written)).isFalse();
            assertThat(beyond.replace(key, written, written)).isEqualTo(ReplaceOutcome.MISSING);
            beyond.delete(key);
            assertThat(log.warnings()).hasSize(5).allMatch(line -> line.contains("too long"));
        }
    }

    @Test
    void unreadableCacheMeansAMissingSessionAndOneWarningPerOutage() throws Exception {
        // An outage is logged once by the backend and the breaker in front of it; a line (and a stack trace)
        // per failed read here flooded the log with a million lines a minute.
        CacheSessionStore failing = new CacheSessionStore(new UnavailableCache(), CacheSessionStore.KEY_PREFIX, clock);
        String[] log = new String[1];
        List<Optional<?>> loaded = new ArrayList<>();
        log[0] = CapturedLog.during(() -> {
            for (int i = 0; i < 100; i++) {
                loaded.add(failing.load(KEY));
            }
        });
        assertThat(loaded).hasSize(100).allMatch(Optional::isEmpty);
        assertThat(log[0].lines().filter(line -> line.contains("WARN"))).as("one warning for the outage")
                .singleElement().asString().contains("treating sessions as missing", "cache down");
        assertThat(log[0]).doesNotContain("ERROR").doesNotContain("Exception");
    }

    @Test
    void failedWritesPropagateAsStoreExceptions() {
        CacheSessionStore failing = new CacheSessionStore(new UnavailableCache(), CacheSessionStore.KEY_PREFIX, clock);
        SessionRecord any = record("data", Duration.ofDays(1));
        assertThatThrownBy(() -> failing.create(KEY, any)).isInstanceOf(SessionStoreException.class)
                .hasCauseInstanceOf(CacheUnavailableException.class);
        assertThatThrownBy(() -> failing.replace(KEY, any, any)).isInstanceOf(SessionStoreException.class);
        assertThatThrownBy(() -> failing.delete(KEY)).isInstanceOf(SessionStoreException.class);
        assertThatThrownBy(() -> failing.exists(KEY)).isInstanceOf(SessionStoreException.class);
    }

    @Test
    void foreignEntryUnderASessionKeyIsIgnoredWithASecurityWarning() {
        cache.set(CacheSessionStore.KEY_PREFIX + KEY, "not a cloakroom entry", Duration.ofDays(1));
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(store.load(KEY)).isEmpty();
            assertThat(log.warnings()).hasSize(1);
        }
    }

    @Test
    void formatAndParseRoundTripEveryInstant() {
        for (Instant instant : new Instant[] {Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("2100-06-01T12:00:00.5Z")}) {
            SessionRecord record = new SessionRecord("d:a:t:a", instant);
            assertThat(CacheEntries.parse(CacheEntries.format(record))).contains(record);
        }
    }

    /** A cache whose entries never expire on their own, as a remote cache with coarse TTLs may behave. */
    private static final class TtlIgnoringCache implements CacheBackend {
        final Map<String, String> entries = new HashMap<>();

        @Override
        public synchronized Optional<String> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public synchronized void set(String key, String value, Duration ttl) {
            entries.put(key, value);
        }

        @Override
        public synchronized boolean add(String key, String value, Duration ttl) {
            return entries.putIfAbsent(key, value) == null;
        }

        @Override
        public synchronized CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
            String current = entries.get(key);
            if (current == null) {
                return CasResult.ABSENT;
            }
            if (!current.equals(expected)) {
                return CasResult.CHANGED;
            }
            entries.put(key, value);
            return CasResult.SWAPPED;
        }

        @Override
        public synchronized boolean delete(String key) {
            return entries.remove(key) != null;
        }
    }

    /** A cache that fails the test if anything reaches it. */
    private static final class UnusableCache implements CacheBackend {
        @Override
        public Optional<String> get(String key) {
            throw new AssertionError("get(" + key + ") reached the cache");
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            throw new AssertionError("set(" + key + ") reached the cache");
        }

        @Override
        public boolean add(String key, String value, Duration ttl) {
            throw new AssertionError("add(" + key + ") reached the cache");
        }

        @Override
        public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
            throw new AssertionError("compareAndSet(" + key + ") reached the cache");
        }

        @Override
        public boolean delete(String key) {
            throw new AssertionError("delete(" + key + ") reached the cache");
        }
    }

}
