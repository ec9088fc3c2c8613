package dev.cloakroom.store.cache;

import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cached_db over a cache entry that is in the cache's format but whose session data cannot be decoded (a bit
 * flipped, a truncated write, another application's value): the database row is the truth, so the session is
 * read from it, the bad entry is replaced, and a save keeps the database's data.
 */
class CorruptCacheEntryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    /** Stands in for the database. */
    private final CacheSessionStore database = new CacheSessionStore(new LocalCacheBackend(clock), "db:", clock);
    private final LocalCacheBackend cache = new LocalCacheBackend(clock);
    private final SessionEngine engine = SessionEngines.builder(SessionSettings.builder()
                    .secretKey("corrupt-cache-entry-test").build())
            .clock(clock)
            .engine("cached_db", EngineParts.store(
                    new CachingSessionStore(database, cache, CachingSessionStore.KEY_PREFIX, clock)))
            .build();

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void anUndecodableEntryIsReadFromTheDatabaseAndReplacedAndASaveKeepsTheDatabasesData() {
        Session written = engine.open(null);
        written.put("user", "alice");
        written.put("cart", 3);
        written.save();
        String key = written.getSessionKey();
        String cacheKey = CachingSessionStore.KEY_PREFIX + key;
        SessionRecord stored = database.load(key).orElseThrow();
        String corrupt = CacheEntries.format(new SessionRecord(
                stored.data().substring(0, stored.data().length() - 5) + "XXXXX", stored.expiresAt()));
        cache.set(cacheKey, corrupt, Duration.ofHours(1));

        Session read;
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            read = engine.open(key);
            assertThat(read.get("user")).as("the database row, not an empty session").isEqualTo("alice");
            assertThat(log.warnings()).anyMatch(line -> line.contains("cache entry") && line.contains("store"));
        }
        assertThat(cache.get(cacheKey)).as("the bad entry is replaced by the store's record")
                .contains(CacheEntries.format(stored));

        read.put("seen", true);
        read.save();
        Map<String, Object> after = engine.open(key).asMap();
        assertThat(after).containsEntry("user", "alice").containsEntry("seen", true);
        assertThat(((Number) after.get("cart")).intValue()).isEqualTo(3);
    }

    @Test
    void aCorruptDatabaseRowStillGivesAnEmptySessionAndNoLoop() {
        Session written = engine.open(null);
        written.put("user", "alice");
        written.save();
        String key = written.getSessionKey();
        SessionRecord stored = database.load(key).orElseThrow();
        SessionRecord corrupt = new SessionRecord("not-signed-data", stored.expiresAt());
        database.replace(key, stored, corrupt);
        cache.delete(CachingSessionStore.KEY_PREFIX + key);

        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(engine.open(key).asMap()).isEmpty();
            assertThat(log.warnings()).isNotEmpty();
        }
    }
}
