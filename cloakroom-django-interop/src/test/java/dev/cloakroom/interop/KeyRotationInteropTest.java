package dev.cloakroom.interop;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SECRET_KEY rotation across the two: Django signed with key A; Cloakroom runs with SECRET_KEY=B and A in
 * SECRET_KEY_FALLBACKS, reads Django's data, and signs what it writes next with B, which a Django on B reads
 * and a Django still on A no longer does. (Django 3.2 has no SECRET_KEY_FALLBACKS itself.)
 */
@RequiresDjango
class KeyRotationInteropTest {
    private static final String KEY_A = "django-insecure-rotation-old-key-aaaaaaaaaaaaaaaa";
    private static final String KEY_B = "django-insecure-rotation-new-key-bbbbbbbbbbbbbbbb";

    @Test
    void dbDataSignedWithTheOldKeyIsReadThroughTheFallbackAndResignedWithTheNewOne() {
        try (SharedDatabase db = SharedDatabase.create(SharedDatabase.Kind.SQLITE)) {
            DjangoConfig onA = DjangoConfig.of("db").withDatabase(db.django()).withSecretKey(KEY_A);
            DjangoConfig onB = onA.withSecretKey(KEY_B);
            try (DjangoPeer djangoA = DjangoPeer.start(onA); DjangoPeer djangoB = DjangoPeer.start(onB)) {
                djangoA.call("migrate");
                try (SessionEngine cloakroom = CloakroomSide.engine(
                        CloakroomSide.settings(onB, withFallback(db.cloakroom())))) {
                String key = djangoA.call("create", "data", Map.of("user", "alice")).get("key").asString();
                assertThat(DjangoPeer.data(djangoB.call("load", "key", key))).as("B alone cannot read A's data")
                        .isEmpty();

                Session session = cloakroom.open(key);
                assertThat(session.asMap()).isEqualTo(Map.of("user", "alice"));
                session.put("rotated", true);
                session.save();

                assertThat(DjangoPeer.data(djangoB.call("load", "key", key)))
                        .isEqualTo(Map.of("user", "alice", "rotated", true));
                assertThat(DjangoPeer.data(djangoA.call("load", "key", key))).as("no longer signed with A").isEmpty();
                }
            }
        }
    }

    @Test
    void aCookieSignedWithTheOldKeyIsReissuedWithTheNewOne() {
        DjangoConfig onA = DjangoConfig.of("signed_cookies").withSecretKey(KEY_A);
        DjangoConfig onB = onA.withSecretKey(KEY_B);
        try (DjangoPeer djangoA = DjangoPeer.start(onA); DjangoPeer djangoB = DjangoPeer.start(onB);
             SessionEngine cloakroom = CloakroomSide.engine(CloakroomSide.settings(onB, withFallback(Map.of())))) {
            String cookie = djangoA.call("create", "data", Map.of("user", "alice")).get("key").asString();

            Session session = cloakroom.open(cookie);
            assertThat(session.asMap()).isEqualTo(Map.of("user", "alice"));
            session.put("rotated", true);
            session.save();

            String reissued = session.getSessionKey();
            assertThat(DjangoPeer.data(djangoB.call("load", "key", reissued)))
                    .isEqualTo(Map.of("user", "alice", "rotated", true));
            assertThat(DjangoPeer.data(djangoA.call("load", "key", reissued))).isEmpty();
        }
    }

    private static Map<String, String> withFallback(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("SECRET_KEY_FALLBACKS", KEY_A);
        return all;
    }
}
