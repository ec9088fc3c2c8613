package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SessionSettings.Builder#set}: each setting read from text as a Django settings module spells it. */
class SettingParsingTest {
    private static SessionSettings.Builder builder() {
        return SessionSettings.builder().secretKey("k");
    }

    private static SessionSettings with(String name, String value) {
        return builder().set(name, value).build();
    }

    private static void assertRejected(String name, String value, String problemFragment) {
        assertThatThrownBy(() -> builder().set(name, value))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class, e -> {
                    assertThat(e.setting()).isEqualTo(name);
                    assertThat(e.getMessage()).startsWith(name + ": ").contains(problemFragment);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "True", "TRUE", "1", "yes", "Yes", " true "})
    void booleansReadTrueSpellings(String text) {
        assertThat(with("SESSION_COOKIE_SECURE", text).cookieSecure()).isTrue();
        assertThat(with("SESSION_EXPIRE_AT_BROWSER_CLOSE", text).expireAtBrowserClose()).isTrue();
        assertThat(with("SESSION_SAVE_EVERY_REQUEST", text).saveEveryRequest()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "FALSE", "0", "no", "NO"})
    void booleansReadFalseSpellings(String text) {
        assertThat(with("SESSION_COOKIE_HTTPONLY", text).cookieHttpOnly()).isFalse();
        assertThat(with("USE_TZ", text).useTz()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "on", "2", "Truee", "None"})
    void otherBooleanTextIsRejectedNamingTheSetting(String text) {
        assertRejected("SESSION_COOKIE_HTTPONLY", text, "expected True or False");
        assertRejected("USE_TZ", text, "expected True or False");
    }

    @Test
    void cookieAgeReadsAWholeNumber() {
        assertThat(with("SESSION_COOKIE_AGE", "86400").cookieAge()).isEqualTo(86_400);
        assertThat(with("SESSION_COOKIE_AGE", " 0 ").cookieAge()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two weeks", "1.5", "60*60", "99999999999999999999"})
    void cookieAgeRejectsWhatIsNotAWholeNumber(String text) {
        assertRejected("SESSION_COOKIE_AGE", text, "expected a whole number, got '" + text + "'");
    }

    @Test
    void theCacheBreakerHasDefaultsAndReadsACountAndSeconds() {
        assertThat(builder().build().cacheBreaker()).isEqualTo(CircuitBreakerPolicy.DEFAULT);
        SessionSettings s = builder().set("SESSION_CACHE_BREAKER_FAILURES", "5")
                .set("SESSION_CACHE_BREAKER_SLOW_FAILURE", "0.25").set("SESSION_CACHE_BREAKER_RETRY", "2").build();
        assertThat(s.cacheBreaker()).isEqualTo(new CircuitBreakerPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(2)));
        assertThat(s.describe()).containsEntry("SESSION_CACHE_BREAKER_FAILURES", "5")
                .containsEntry("SESSION_CACHE_BREAKER_SLOW_FAILURE", "0.25")
                .containsEntry("SESSION_CACHE_BREAKER_RETRY", "2");
        assertThat(s.toBuilder().build().cacheBreaker()).isEqualTo(s.cacheBreaker());
        assertThat(with("SESSION_CACHE_BREAKER_FAILURES", "0").cacheBreaker().enabled()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5", "three", "99999999999"})
    void theBreakerFailureCountRejectsWhatIsNoCount(String text) {
        assertRejected("SESSION_CACHE_BREAKER_FAILURES", text, "'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "-0.5", "1s", "86401", "NaN"})
    void theBreakerIntervalsRejectWhatIsNoPositiveSeconds(String text) {
        assertRejected("SESSION_CACHE_BREAKER_SLOW_FAILURE", text, "'" + text + "'");
        assertRejected("SESSION_CACHE_BREAKER_RETRY", text, "'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"Strict,STRICT", "strict,STRICT", "Lax,LAX", "LAX,LAX", "None,NONE", "none,NONE",
            "False,OMIT", "false,OMIT"})
    void sameSiteReadsDjangosValuesInAnyCase(String text, SameSite expected) {
        SessionSettings.Builder b = builder().cookieSecure(true).set("SESSION_COOKIE_SAMESITE", text);
        assertThat(b.build().cookieSameSite()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "True", "Relaxed", "0"})
    void sameSiteRejectsOtherText(String text) {
        assertRejected("SESSION_COOKIE_SAMESITE", text, "expected Strict, Lax, None or False");
    }

    @Test
    void cookieDomainNoneOrEmptyMeansHostOnly() {
        SessionSettings.Builder b = builder().cookieDomain(".example.com");
        assertThat(b.set("SESSION_COOKIE_DOMAIN", "None").build().cookieDomain()).isNull();
        assertThat(b.cookieDomain("x").set("SESSION_COOKIE_DOMAIN", "").build().cookieDomain()).isNull();
        assertThat(with("SESSION_COOKIE_DOMAIN", ".example.com").cookieDomain()).isEqualTo(".example.com");
    }

    @Test
    void filePathNoneOrEmptyMeansTheTemporaryDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        assertThat(builder().filePath(Path.of("/x")).set("SESSION_FILE_PATH", "None").build().filePath())
                .isEqualTo(tmp);
        assertThat(builder().filePath(Path.of("/x")).set("SESSION_FILE_PATH", "").build().filePath())
                .isEqualTo(tmp);
        assertThat(with("SESSION_FILE_PATH", "/var/lib/sessions").filePath()).isEqualTo(Path.of("/var/lib/sessions"));
    }

    @Test
    void plainTextSettingsAreKeptAsGiven() {
        SessionSettings s = builder().set("SESSION_CACHE_ALIAS", "sessions").set("SESSION_COOKIE_NAME", "sid")
                .set("SESSION_COOKIE_PATH", "/app/").set("SECRET_KEY", "  spaced key ").build();
        assertThat(s.cacheAlias()).isEqualTo("sessions");
        assertThat(s.cookieName()).isEqualTo("sid");
        assertThat(s.cookiePath()).isEqualTo("/app/");
        assertThat(s.secretKey()).isEqualTo("  spaced key ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db", "file", "cache", "cached_db", "signed_cookies"})
    void shortEngineNamesAreKept(String engine) {
        assertThat(with("SESSION_ENGINE", engine).engine()).isEqualTo(engine);
    }

    @ParameterizedTest
    @ValueSource(strings = {"db", "file", "cache", "cached_db", "signed_cookies"})
    void djangoDottedEngineNamesMapToShortNames(String engine) {
        assertThat(with("SESSION_ENGINE", "django.contrib.sessions.backends." + engine).engine()).isEqualTo(engine);
    }

    @Test
    void otherDottedEngineNamesAreKeptAsClassNames() {
        assertThat(with("SESSION_ENGINE", "com.example.sessions.RedisEngine").engine())
                .isEqualTo("com.example.sessions.RedisEngine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"database", "", "Db", "django.contrib.sessions.backends.redis", "com..Bad", "a.b c",
            "trailing."})
    void unknownEnginesAreRejectedListingTheChoices(String engine) {
        assertRejected("SESSION_ENGINE", engine, "unknown engine '" + engine + "'; expected one of db, file, cache, "
                + "cached_db, signed_cookies, a django.contrib.sessions.backends.* name, or a class name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "JSON", "django.contrib.sessions.serializers.JSONSerializer",
            "django.core.signing.JSONSerializer"})
    void jsonSerializerSpellings(String text) {
        assertThat(with("SESSION_SERIALIZER", text).serializer()).isEqualTo(SerializerChoice.JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "Java", "dev.cloakroom.codec.JavaSerializer"})
    void javaSerializerSpellings(String text) {
        SessionSettings s = builder().set("SESSION_SERIALIZER_ALLOWED_CLASSES", "java.lang.String")
                .set("SESSION_SERIALIZER", text).build();
        assertThat(s.serializer()).isEqualTo(SerializerChoice.JAVA);
    }

    @Test
    void pickleSerializerIsRejectedWithTheReason() {
        assertRejected("SESSION_SERIALIZER", "django.contrib.sessions.serializers.PickleSerializer",
                "cannot be read on the JVM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xml", "", "django.core.serializers.json.Serializer"})
    void otherSerializersAreRejected(String text) {
        assertRejected("SESSION_SERIALIZER", text, "unknown serializer '" + text + "'");
    }

    @Test
    void listsAreCommaSeparatedAndTrimmed() {
        SessionSettings s = builder().set("SECRET_KEY_FALLBACKS", "old-1, old-2 ,,old-3")
                .set("SESSION_SERIALIZER_ALLOWED_CLASSES", " com.example.Cart ,java.util.ArrayList").build();
        assertThat(s.secretKeyFallbacks()).containsExactly("old-1", "old-2", "old-3");
        assertThat(s.serializerAllowedClasses()).containsExactly("com.example.Cart", "java.util.ArrayList");
        assertThat(with("SECRET_KEY_FALLBACKS", "").secretKeyFallbacks()).isEmpty();
    }

    @Test
    void timeZoneReadsIanaNames() {
        assertThat(with("TIME_ZONE", "Europe/Paris").timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(with("TIME_ZONE", "UTC").timeZone()).isEqualTo(ZoneId.of("UTC"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus_Mons", "+01:00", "", "europe/paris"})
    void unknownTimeZonesAreRejected(String text) {
        assertRejected("TIME_ZONE", text, "unknown time zone '" + text + "'");
    }

    @Test
    void secretKeyNoneOrEmptyLeavesItUnset() {
        assertThatThrownBy(() -> builder().set("SECRET_KEY", "None").build())
                .hasMessageStartingWith("SECRET_KEY: must not be empty");
        assertThatThrownBy(() -> builder().set("SECRET_KEY", "").build())
                .hasMessageStartingWith("SECRET_KEY: must not be empty");
    }

    @Test
    void unmodelledNamesPassThroughAsRawSettings() {
        SessionSettings s = builder().set("DATABASE_URL", "postgresql://localhost/test")
                .set("CACHE_DEFAULT_URL", "redis://localhost:6379/0").set("SESSION_UNMODELLED_EXAMPLE", "True")
                .build();
        assertThat(s.raw("DATABASE_URL")).contains("postgresql://localhost/test");
        assertThat(s.raw("CACHE_DEFAULT_URL")).contains("redis://localhost:6379/0");
        assertThat(s.raw("SESSION_UNMODELLED_EXAMPLE")).contains("True");
        assertThat(s.raw("SESSION_COOKIE_AGE")).isEmpty();
        assertThat(s.rawNames()).containsExactly("CACHE_DEFAULT_URL", "DATABASE_URL", "SESSION_UNMODELLED_EXAMPLE");
    }
}
