package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.python.PickleWriter;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cached_db in Django's cache format, with a session Django wrote: its row signed by Django at one moment, its
 * cache entry the pickled dict alone. The record a load answers from the entry is re-encoded here, so its data
 * is not the row's, yet a save conditional on it must reach the store, and still refuse a row changed meanwhile.
 */
class DjangoEntriesInFrontOfAStoreTest {
    private static final String KEY = "abcdefgh12345678abcdefgh12345678";
    private static final String ENTRY_KEY = ":1:django.contrib.sessions.cached_db" + KEY;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    /** Stands in for the database: a store whose conditional writes compare the exact data. */
    private final CacheSessionStore truth = new CacheSessionStore(new LocalCacheBackend(clock), "truth:", clock);
    private final LocalCacheBackend cache = new LocalCacheBackend(clock);
    private final CacheBackend djangoValues = cache.djangoValues().orElseThrow();
    private final SessionCodec codec = SessionCodec.fromSettings(SessionSettings.builder()
            .secretKey("django-insecure-test").build(), SessionCodec.SESSION_STORE_SALT, clock, SessionValueTypes.none());
    private final CachingSessionStore store = new CachingSessionStore(truth,
            CacheEntryFormat.django(djangoValues, ":1:" + CacheEntryFormat.DJANGO_CACHED_DB_PREFIX, codec, 5), clock);

    /** What Django's cached_db save leaves: the row, signed now, and the pickled dict in the cache. */
    private SessionRecord djangoSaves(Map<String, Object> values) {
        SessionRecord row = new SessionRecord(codec.encode(values), clock.instant().plus(Duration.ofDays(14)));
        truth.create(KEY, row);
        djangoValues.set(ENTRY_KEY, new String(PickleWriter.write(values, 5), StandardCharsets.ISO_8859_1),
                Duration.ofDays(14));
        return row;
    }

    private static Map<String, Object> values(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private SessionRecord replacement(long count) {
        return new SessionRecord(codec.encode(values("count", count)), clock.instant().plus(Duration.ofDays(14)));
    }

    @Test
    void aSaveOfASessionLoadedFromDjangosEntryReachesTheStore() {
        SessionRecord row = djangoSaves(values("count", 1L));
        clock.advance(Duration.ofSeconds(5)); // a later request: signing now gives other bytes than Django's row
        SessionRecord loaded = store.load(KEY).orElseThrow();
        assertThat(loaded.data()).as("the entry's record is re-encoded, not the row").isNotEqualTo(row.data());

        assertThat(store.replace(KEY, loaded, replacement(2))).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(truth.load(KEY)).contains(replacement(2));
        assertThat(codec.decode(store.load(KEY).orElseThrow().data())).isEqualTo(values("count", 2L));
    }

    @Test
    void aSaveIsStillRefusedWhenTheRowChangedSinceTheEntryWasRead() {
        SessionRecord row = djangoSaves(values("count", 1L));
        clock.advance(Duration.ofSeconds(5));
        SessionRecord loaded = store.load(KEY).orElseThrow();
        SessionRecord elsewhere = replacement(7); // another process saved; its cache refresh was lost
        assertThat(truth.replace(KEY, row, elsewhere)).isEqualTo(ReplaceOutcome.REPLACED);

        assertThat(store.replace(KEY, loaded, replacement(2))).isEqualTo(ReplaceOutcome.CONFLICT);
        assertThat(truth.load(KEY)).contains(elsewhere);
        assertThat(djangoValues.get(ENTRY_KEY)).as("the stale entry is dropped, so the retry reads the store").isEmpty();
        assertThat(store.load(KEY)).contains(elsewhere);
    }

    @Test
    void aSaveOfASessionDeletedMeanwhileIsReportedMissing() {
        djangoSaves(values("count", 1L));
        SessionRecord loaded = store.load(KEY).orElseThrow();
        truth.delete(KEY);

        assertThat(store.replace(KEY, loaded, replacement(2))).isEqualTo(ReplaceOutcome.MISSING);
        assertThat(truth.load(KEY)).isEmpty();
        assertThat(djangoValues.get(ENTRY_KEY)).isEmpty();
    }

    @Test
    void anEmptySessionDjangoSavedCanBeSavedToo() {
        djangoSaves(values());
        clock.advance(Duration.ofSeconds(5));
        SessionRecord loaded = store.load(KEY).orElseThrow();

        assertThat(store.replace(KEY, loaded, replacement(1))).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(truth.load(KEY)).contains(replacement(1));
    }
}
