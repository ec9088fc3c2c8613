package dev.cloakroom.settings;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSettingsTest {
    private static SessionSettings defaults() {
        return SessionSettings.builder().secretKey("s3cret-key").build();
    }

    /** Values of django/conf/global_settings.py (main; 3.2 differs only in USE_TZ, see docs/settings.md). */
    @Test
    void everyDefaultEqualsDjangos() {
        SessionSettings s = defaults();
        assertThat(s.cacheAlias()).isEqualTo("default");
        assertThat(s.cookieAge()).isEqualTo(60L * 60 * 24 * 7 * 2);
        assertThat(s.cookieDomain()).isNull();
        assertThat(s.cookieHttpOnly()).isTrue();
        assertThat(s.cookieName()).isEqualTo("sessionid");
        assertThat(s.cookiePath()).isEqualTo("/");
        assertThat(s.cookieSameSite()).isEqualTo(SameSite.LAX);
        assertThat(s.cookieSecure()).isFalse();
        assertThat(s.engine()).isEqualTo("db");
        assertThat(s.expireAtBrowserClose()).isFalse();
        assertThat(s.filePath()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(s.saveEveryRequest()).isFalse();
        assertThat(s.serializer()).isEqualTo(SerializerChoice.JSON);
        assertThat(s.serializerAllowedClasses()).isEmpty();
        assertThat(s.secretKeyFallbacks()).isEmpty();
        assertThat(s.useTz()).isTrue();
        assertThat(s.timeZone()).isEqualTo(ZoneId.of("America/Chicago"));
        assertThat(s.rawNames()).isEmpty();
    }

    @Test
    void toBuilderKeepsEverySettingAndLetsAVariantDiffer() {
        SessionSettings original = SessionSettings.builder().secretKey("k1").secretKeyFallbacks(List.of("k0"))
                .cookieName("sid").cookieAge(60).cookieDomain(".example.com").cookieSecure(true)
                .cookieSameSite(SameSite.NONE).cookieHttpOnly(false).cookiePath("/app").engine("cache")
                .cacheAlias("sessions").expireAtBrowserClose(true).saveEveryRequest(true)
                .serializer(SerializerChoice.JAVA).serializerAllowedClasses(List.of("java.lang.String"))
                .useTz(false).timeZone(ZoneId.of("Europe/Paris")).raw("DATABASE_URL", "sqlite:x.db").build();

        SessionSettings copy = original.toBuilder().build();
        SessionSettings variant = original.toBuilder().cookieName("other").build();

        assertThat(copy.describe()).isEqualTo(original.describe());
        assertThat(copy.secretKey()).isEqualTo("k1");
        assertThat(copy.secretKeyFallbacks()).containsExactly("k0");
        assertThat(variant.cookieName()).isEqualTo("other");
        assertThat(original.cookieName()).isEqualTo("sid");
        assertThat(variant.raw("DATABASE_URL")).contains("sqlite:x.db");
    }

    @Test
    void describeListsEveryModelledSettingThenRawOnesSorted() {
        SessionSettings s = defaults().toBuilder().raw("DATABASE_URL", "sqlite:a.db").raw("CACHE_DEFAULT_URL", "local:")
                .build();

        assertThat(s.describe().keySet()).startsWith(SettingNames.MODELLED.toArray(String[]::new))
                .endsWith("CACHE_DEFAULT_URL", "DATABASE_URL")
                .hasSize(SettingNames.MODELLED.size() + 2);
        assertThat(s.describe()).containsEntry("SESSION_COOKIE_AGE", "1209600")
                .containsEntry("SESSION_COOKIE_DOMAIN", "None")
                .containsEntry("SESSION_COOKIE_HTTPONLY", "True")
                .containsEntry("SESSION_COOKIE_SAMESITE", "Lax")
                .containsEntry("SESSION_ENGINE", "db")
                .containsEntry("SESSION_SERIALIZER", "json")
                .containsEntry("TIME_ZONE", "America/Chicago")
                .containsEntry("DATABASE_URL", "sqlite:a.db");
    }

    @Test
    void describeHidesSecretKeysAndPasswords() {
        SessionSettings s = SessionSettings.builder().secretKey("very-secret").secretKeyFallbacks(List.of("older"))
                .raw("DATABASE_URL", "postgresql://app:pa55word@db.internal:5432/sessions")
                .raw("DATABASE_JDBC_URL", "jdbc:mysql://db/test?user=app&password=pa55word&ssl=true")
                .raw("DATABASE_PASSWORD", "pa55word")
                .raw("CACHE_DEFAULT_URL", "redis://:pa55word@cache:6379/0")
                .build();

        Map<String, String> d = s.describe();

        assertThat(d).containsEntry("SECRET_KEY", "<hidden>").containsEntry("SECRET_KEY_FALLBACKS", "<hidden>")
                .containsEntry("DATABASE_URL", "postgresql://app:<hidden>@db.internal:5432/sessions")
                .containsEntry("DATABASE_JDBC_URL", "jdbc:mysql://db/test?user=app&password=<hidden>&ssl=true")
                .containsEntry("DATABASE_PASSWORD", "<hidden>")
                .containsEntry("CACHE_DEFAULT_URL", "redis://:<hidden>@cache:6379/0");
        assertThat(d.values()).noneMatch(v -> v.contains("very-secret") || v.contains("older")
                || v.contains("pa55word"));
        assertThat(s.toString()).doesNotContain("very-secret", "older", "pa55word");
    }

    @Test
    void describeShowsNoFallbacksAsEmpty() {
        assertThat(defaults().describe()).containsEntry("SECRET_KEY_FALLBACKS", "");
    }

    @Test
    void describedValuesReadBackToTheSameSettings() {
        SessionSettings original = SessionSettings.builder().secretKey("k").cookieSameSite(SameSite.OMIT)
                .cookieDomain(".example.com").cookieSecure(true).expireAtBrowserClose(true).engine("signed_cookies")
                .serializer(SerializerChoice.JAVA).serializerAllowedClasses(List.of("a.B", "c.D"))
                .timeZone(ZoneId.of("UTC")).useTz(false).cookieAge(0).build();

        SessionSettings.Builder reread = SessionSettings.builder().secretKey("k");
        original.describe().forEach((name, value) -> {
            if (!name.startsWith("SECRET_KEY")) {
                reread.set(name, value);
            }
        });

        assertThat(reread.build().describe()).isEqualTo(original.describe());
    }

    @Test
    void nullRawValueRemovesTheRawSetting() {
        SessionSettings s = defaults().toBuilder().raw("DATABASE_URL", "sqlite:a.db").raw("DATABASE_URL", null)
                .build();
        assertThat(s.raw("DATABASE_URL")).isEmpty();
    }

    @Test
    void emptyCookieDomainMeansHostOnlyLikeNone() {
        assertThat(defaults().toBuilder().cookieDomain("").build().cookieDomain()).isNull();
    }

    @Test
    void nullFilePathFromCodeMeansTheTemporaryDirectory() {
        assertThat(defaults().toBuilder().filePath(null).build().filePath())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void typedEngineSetterIsNormalisedToo() {
        assertThat(defaults().toBuilder().engine("django.contrib.sessions.backends.cached_db").build().engine())
                .isEqualTo("cached_db");
    }
}
