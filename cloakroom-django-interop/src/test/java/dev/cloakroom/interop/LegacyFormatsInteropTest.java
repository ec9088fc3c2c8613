package dev.cloakroom.interop;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Django 3.2 writes under {@code DEFAULT_HASHING_ALGORITHM = 'sha1'} (as Django up to 3.0 wrote it): the
 * pre-3.1 {@code base64(hash:json)} session data and SHA-1 signed cookies. Cloakroom reads both, as Django 3.2
 * does, and writes the current format at the next save, which Django 3.2 in its default configuration reads.
 */
@RequiresDjango
class LegacyFormatsInteropTest {
    private static final Map<String, Object> DATA = Map.of("_auth_user_id", "1", "cart", java.util.List.of(1L, 2L));

    @Test
    void dbDataInThePre31FormatIsReadAndRewrittenInTheCurrentOne() {
        try (SharedDatabase db = SharedDatabase.create(SharedDatabase.Kind.SQLITE)) {
            DjangoConfig current = DjangoConfig.of("db").withDatabase(db.django());
            try (DjangoPeer legacyDjango = DjangoPeer.start(current.withSha1Hashing());
                 DjangoPeer django = DjangoPeer.start(current)) {
                legacyDjango.call("migrate");
                try (SessionEngine cloakroom = CloakroomSide.engine(CloakroomSide.settings(current, db.cloakroom()))) {
                String key = legacyDjango.call("create", "data", DATA).get("key").asString();
                String stored = sessionData(db, key);
                assertThat(stored).as("base64 of hash:json, no signing separators").doesNotContain(":");

                Session session = cloakroom.open(key);
                assertThat(session.asMap()).isEqualTo(DATA);
                session.put("seen", true);
                session.save();

                String rewritten = sessionData(db, key);
                assertThat(rewritten.substring(rewritten.lastIndexOf(':') + 1)).as("a SHA-256 signature").hasSize(43);
                assertThat(strictCodecRead(rewritten)).as("readable as Django 4.0 reads").containsEntry("seen", true)
                        .containsAllEntriesOf(DATA);
                assertThat(DjangoPeer.data(django.call("load", "key", key))).containsEntry("seen", true)
                        .containsAllEntriesOf(DATA);
                }
            }
        }
    }

    @Test
    void fileDataInThePre31FormatIsRead(@TempDir Path directory) throws IOException {
        DjangoConfig config = DjangoConfig.of("file").withFilePath(directory);
        try (DjangoPeer legacyDjango = DjangoPeer.start(config.withSha1Hashing());
             SessionEngine cloakroom = CloakroomSide.engine(CloakroomSide.settings(config, Map.of()))) {
            String key = legacyDjango.call("create", "data", DATA).get("key").asString();
            assertThat(Files.readString(directory.resolve("sessionid" + key))).doesNotContain(":");

            Session session = cloakroom.open(key);
            assertThat(session.asMap()).isEqualTo(DATA);
            session.put("seen", true);
            session.save();
            String rewritten = Files.readString(directory.resolve("sessionid" + key));
            assertThat(strictCodecRead(rewritten)).containsEntry("seen", true).containsAllEntriesOf(DATA);
        }
    }

    @Test
    void sha1SignedCookiesAreReadAndReissuedWithSha256() {
        DjangoConfig config = DjangoConfig.of("signed_cookies");
        try (DjangoPeer legacyDjango = DjangoPeer.start(config.withSha1Hashing());
             DjangoPeer django = DjangoPeer.start(config);
             SessionEngine cloakroom = CloakroomSide.engine(CloakroomSide.settings(config, Map.of()))) {
            String cookie = legacyDjango.call("create", "data", DATA).get("key").asString();
            assertThat(cookie.substring(cookie.lastIndexOf(':') + 1)).as("a SHA-1 signature").hasSize(27);

            Session session = cloakroom.open(cookie);
            assertThat(session.asMap()).isEqualTo(DATA);
            session.put("seen", true);
            session.save();

            String reissued = session.getSessionKey();
            assertThat(reissued.substring(reissued.lastIndexOf(':') + 1)).as("a SHA-256 signature").hasSize(43);
            assertThat(DjangoPeer.data(django.call("load", "key", reissued))).containsEntry("seen", true);
        }
    }

    @Test
    void turnedOffLegacyDataIsAnEmptySessionAsOnDjango40() {
        DjangoConfig config = DjangoConfig.of("signed_cookies");
        SessionSettings strict = CloakroomSide.settings(config, Map.of("SESSION_ACCEPT_LEGACY_FORMATS", "False"));
        try (DjangoPeer legacyDjango = DjangoPeer.start(config.withSha1Hashing());
             SessionEngine cloakroom = CloakroomSide.engine(strict)) {
            String cookie = legacyDjango.call("create", "data", DATA).get("key").asString();

            assertThat(cloakroom.open(cookie).asMap()).isEmpty();
        }
    }

    /** Data as a codec that refuses the legacy formats (as Django 4.0 does) reads it. */
    private static Map<String, Object> strictCodecRead(String stored) {
        SessionSettings strict = SessionSettings.builder().secretKey(DjangoConfig.SECRET).acceptLegacyFormats(false)
                .build();
        return SessionCodec.fromSettings(strict, SessionCodec.SESSION_STORE_SALT, java.time.Clock.systemUTC())
                .decode(stored);
    }

    private static String sessionData(SharedDatabase db, String key) {
        return db.column("SELECT session_data FROM django_session WHERE session_key = '" + key + "'").get(0);
    }
}
