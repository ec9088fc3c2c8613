package dev.cloakroom.interop;

import tools.jackson.databind.JsonNode;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The file engine and Django 3.2's file backend on one SESSION_FILE_PATH, both ways. */
@RequiresDjango
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileInteropTest {
    /** One directory for the whole class, as both sides are started once for it. */
    @TempDir
    static Path directory;
    DjangoPeer django;
    SessionEngine cloakroom;
    dev.cloakroom.settings.SessionSettings cloakroomSettings;

    @BeforeAll
    void start() {
        DjangoConfig config = DjangoConfig.of("file").withFilePath(directory);
        django = DjangoPeer.start(config);
        cloakroomSettings = CloakroomSide.settings(config, Map.of());
        cloakroom = CloakroomSide.engine(cloakroomSettings);
    }

    @AfterAll
    void stop() {
        if (cloakroom != null) {
            cloakroom.close();
        }
        if (django != null) {
            django.close();
        }
    }

    @Test
    void bothSidesNameTheFileAlike() {
        String fromDjango = django.call("create", "data", Map.of("a", 1L)).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, Map.of("a", 1L));

        assertThat(directory.resolve("sessionid" + fromDjango)).exists();
        assertThat(directory.resolve("sessionid" + fromCloakroom)).exists();
    }

    @Test
    void theSameDataAtTheSameSecondIsTheSameFile() throws IOException {
        long now = java.time.Instant.now().getEpochSecond();
        String fromDjango = django.call("create", "data", DbInteropContract.largeSession(), "at", now)
                .get("key").asString();
        String fromCloakroom;
        try (SessionEngine atThatSecond = CloakroomSide.engine(cloakroomSettings, java.time.Clock.fixed(
                java.time.Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC))) {
            fromCloakroom = CloakroomSide.create(atThatSecond, DbInteropContract.largeSession());
        }

        assertThat(Files.readString(directory.resolve("sessionid" + fromCloakroom)))
                .isEqualTo(Files.readString(directory.resolve("sessionid" + fromDjango)));
    }

    @Test
    void everyValueTypeTravelsBothWays() {
        String fromDjango = django.call("create", "data", DbInteropContract.everyValueType()).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, DbInteropContract.everyValueType());

        assertThat(CloakroomSide.read(cloakroom, fromDjango)).isEqualTo(DbInteropContract.everyValueType());
        assertThat(DjangoPeer.data(django.call("load", "key", fromCloakroom)))
                .isEqualTo(DbInteropContract.everyValueType());
    }

    @Test
    void aLargeCompressedSessionTravelsBothWays() throws IOException {
        String fromDjango = django.call("create", "data", DbInteropContract.largeSession()).get("key").asString();
        String fromCloakroom = CloakroomSide.create(cloakroom, DbInteropContract.largeSession());

        assertThat(Files.readString(directory.resolve("sessionid" + fromCloakroom))).startsWith(".");
        assertThat(CloakroomSide.read(cloakroom, fromDjango)).isEqualTo(DbInteropContract.largeSession());
        assertThat(DjangoPeer.data(django.call("load", "key", fromCloakroom)))
                .isEqualTo(DbInteropContract.largeSession());
    }

    @Test
    void changesAndFlushesAreSeenByTheOtherSide() {
        String key = django.call("create", "data", Map.of("cart", List.of(1L))).get("key").asString();
        Session session = cloakroom.open(key);
        session.put("cart", List.of(1L, 2L));
        session.save();
        assertThat(DjangoPeer.data(django.call("load", "key", key))).isEqualTo(Map.of("cart", List.of(1L, 2L)));

        django.call("flush", "key", key);
        assertThat(cloakroom.open(key).asMap()).isEmpty();
        assertThat(directory.resolve("sessionid" + key)).doesNotExist();

        String ours = CloakroomSide.create(cloakroom, Map.of("b", 2L));
        Session flushed = cloakroom.open(ours);
        flushed.load();
        flushed.flush();
        JsonNode djangoView = django.call("load", "key", ours);
        assertThat(DjangoPeer.data(djangoView)).isEmpty();
        assertThat(djangoView.get("exists").asBoolean()).isFalse();
    }

    @Test
    void browserCloseAndIntegerExpiriesAreReadBothWays() {
        String browserClose = django.call("create", "data", Map.of("a", 1L), "expiry", 0).get("key").asString();
        String tenMinutes = django.call("create", "data", Map.of("a", 1L), "expiry", 600).get("key").asString();
        Session ours = cloakroom.open(null);
        ours.put("a", 1L);
        ours.setExpiry(600);
        ours.save();

        assertThat(cloakroom.open(browserClose).getExpireAtBrowserClose()).isTrue();
        assertThat(cloakroom.open(tenMinutes).getExpiryAge()).isEqualTo(600);
        assertThat(django.call("load", "key", ours.getSessionKey()).get("expiry_age").asLong()).isEqualTo(600);
    }
}
