package dev.cloakroom.store;

import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.session.Session;
import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file and cache engines end to end, as SESSION_ENGINE builds them: saves merge instead of losing updates. */
class FileAndCacheEnginesTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));

    SessionEngine engine(String name) {
        return SessionEngines.create(SessionSettings.builder().engine(name).filePath(dir)
                .secretKey("engines-test-secret").raw("CACHE_DEFAULT_URL", "local:?maxEntries=1000").build(), clock);
    }

    String saved(SessionEngine engine, String key, Object value) {
        Session session = engine.open(null);
        session.put(key, value);
        session.save();
        return session.getSessionKey();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "cache"})
    void concurrentSavesOfDifferentKeysBothSurvive(String name) {
        try (SessionEngine engine = engine(name)) {
            String key = saved(engine, "a", "one");
            Session first = engine.open(key);
            Session second = engine.open(key);
            assertThat(first.get("a")).isEqualTo("one");
            assertThat(second.get("a")).isEqualTo("one");
            first.put("x", "from first");
            second.put("y", "from second");
            first.save();
            second.save();
            Session fresh = engine.open(key);
            assertThat(fresh.asMap()).containsEntry("a", "one").containsEntry("x", "from first")
                    .containsEntry("y", "from second");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "cache"})
    void aSessionDeletedMeanwhileIsNotResurrected(String name) {
        try (SessionEngine engine = engine(name)) {
            String key = saved(engine, "a", "one");
            Session stale = engine.open(key);
            stale.get("a");
            engine.open(key).delete();
            stale.put("b", "two");
            assertThatThrownBy(stale::save).isInstanceOf(SessionInterruptedException.class);
            assertThat(engine.open(key).exists(key)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "cache"})
    void anExpiredSessionLoadsEmpty(String name) {
        try (SessionEngine engine = engine(name)) {
            String key = saved(engine, "a", "one");
            clock.advance(Duration.ofDays(14));
            assertThat(engine.open(key).asMap()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file"})
    void fileEngineWritesDjangosFileAndClearsExpiredOnes(String name) throws IOException {
        try (SessionEngine engine = engine(name)) {
            String key = saved(engine, "a", "one");
            assertThat(dir.resolve("sessionid" + key)).exists();
            clock.advance(Duration.ofDays(14));
            assertThat(engine.clearExpired()).hasValue(1);
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("sessionid"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cache"})
    void cacheEngineHasNothingToClear(String name) {
        try (SessionEngine engine = engine(name)) {
            saved(engine, "a", "one");
            assertThat(engine.clearExpired()).as("entries expire by their TTL").isEmpty();
        }
    }
}
