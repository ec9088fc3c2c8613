package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@link SessionSettings.Builder#build()} refuses each bad deployment with a message naming the setting. */
class SettingsValidationTest {
    private static SessionSettings.Builder valid() {
        return SessionSettings.builder().secretKey("k");
    }

    private static void assertRefused(SessionSettings.Builder builder, String setting, String problemFragment) {
        assertThatThrownBy(builder::build).isInstanceOfSatisfying(ImproperlyConfiguredException.class, e -> {
            assertThat(e.setting()).isEqualTo(setting);
            assertThat(e.getMessage()).startsWith(setting + ": ").contains(problemFragment);
        });
    }

    @Test
    void missingSecretKeyIsRefused() {
        assertRefused(SessionSettings.builder(), "SECRET_KEY", "must not be empty");
    }

    @Test
    void emptySecretKeyIsRefused() {
        assertRefused(valid().secretKey(""), "SECRET_KEY", "must not be empty");
    }

    @Test
    void emptyFallbackKeyIsRefused() {
        assertRefused(valid().secretKeyFallbacks(List.of("old", "")), "SECRET_KEY_FALLBACKS", "empty key");
    }

    @Test
    void negativeCookieAgeIsRefused() {
        assertRefused(valid().cookieAge(-1), "SESSION_COOKIE_AGE", "must not be negative, got -1");
    }

    @Test
    void zeroCookieAgeIsAllowedAsDjangoDoes() {
        assertThat(valid().cookieAge(0).build().cookieAge()).isZero();
    }

    @Test
    void sameSiteNoneWithoutSecureIsRefused() {
        assertRefused(valid().cookieSameSite(SameSite.NONE), "SESSION_COOKIE_SAMESITE",
                "requires SESSION_COOKIE_SECURE=True");
        assertThatCode(() -> valid().cookieSameSite(SameSite.NONE).cookieSecure(true).build())
                .doesNotThrowAnyException();
    }

    @Test
    void partitionedWithoutSecureIsRefusedNamingTheSetting() {
        assertRefused(valid().cookiePartitioned(true), "SESSION_COOKIE_PARTITIONED",
                "requires SESSION_COOKIE_SECURE=True");
        assertThatCode(() -> valid().cookiePartitioned(true).cookieSecure(true).build())
                .doesNotThrowAnyException();
        assertThat(valid().build().cookiePartitioned()).isFalse();
    }

    @Test
    void emptyCookieNameIsRefused() {
        assertRefused(valid().cookieName(""), "SESSION_COOKIE_NAME", "must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"session id", "sid;", "a=b", "a,b", "s\"id", "a/b", "a:b", "sess\tid", "séance", "a\u007f"})
    void cookieNamesWithCharactersOutsideATokenAreRefused(String name) {
        assertRefused(valid().cookieName(name), "SESSION_COOKIE_NAME", "contains");
    }

    @ParameterizedTest
    @ValueSource(strings = {"path", "Domain", "max-age", "SameSite", "expires"})
    void cookieAttributeNamesAreRefusedAsCookieNames(String name) {
        assertRefused(valid().cookieName(name), "SESSION_COOKIE_NAME", "cookie attribute name");
    }

    @Test
    void tokenCharactersAreAllowedInCookieNames() {
        assertThat(valid().cookieName("my-app_session.v2!#$%&'*+^`|~").build().cookieName())
                .isEqualTo("my-app_session.v2!#$%&'*+^`|~");
    }

    @Test
    void cookieDomainAndPathThatWouldInjectAttributesAreRefused() {
        assertRefused(valid().cookieDomain("example.com; Secure"), "SESSION_COOKIE_DOMAIN", "';'");
        assertRefused(valid().cookiePath("/\r\nSet-Cookie: x=y"), "SESSION_COOKIE_PATH", "control character");
    }

    @Test
    void missingFileDirectoryIsRefusedForTheFileEngine(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope");
        assertRefused(valid().engine("file").filePath(missing), "SESSION_FILE_PATH",
                "'" + missing + "' is not an existing directory");
    }

    @Test
    void aRegularFileIsNotASessionDirectory(@TempDir Path tmp) throws IOException {
        Path file = Files.createFile(tmp.resolve("plain"));
        assertRefused(valid().engine("file").filePath(file), "SESSION_FILE_PATH", "is not an existing directory");
    }

    @Test
    void unwritableFileDirectoryIsRefusedForTheFileEngine(@TempDir Path tmp) throws IOException {
        Path readOnly = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(readOnly)) {
            // root passes permission bits, but Linux refuses to create files in /proc/sys even for root.
            readOnly = Path.of("/proc/sys");
        }
        assumeFalse(!Files.isDirectory(readOnly) || Files.isWritable(readOnly),
                "no unwritable directory available: running as root without /proc/sys");
        assertRefused(valid().engine("file").filePath(readOnly), "SESSION_FILE_PATH", "is not writable");
    }

    @Test
    void fileDirectoryIsCheckedOnlyForTheFileEngine(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope");
        assertThat(valid().engine("db").filePath(missing).build().filePath()).isEqualTo(missing);
        assertThat(valid().engine("file").filePath(tmp).build().filePath()).isEqualTo(tmp);
    }

    @Test
    void javaSerializerWithoutAllowedClassesIsRefused() {
        assertRefused(valid().serializer(SerializerChoice.JAVA), "SESSION_SERIALIZER_ALLOWED_CLASSES",
                "must list the classes the java serializer may read");
        assertThatCode(() -> valid().serializer(SerializerChoice.JAVA)
                .serializerAllowedClasses(List.of("java.lang.String")).build()).doesNotThrowAnyException();
    }

    @Test
    void unknownTimeZoneIsRefusedNamingTimeZone() {
        assertThatThrownBy(() -> valid().set("TIME_ZONE", "Atlantis/Capital"))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("TIME_ZONE"))
                .hasMessage("TIME_ZONE: unknown time zone 'Atlantis/Capital'; expected an IANA name such as "
                        + "Europe/Paris or UTC");
    }

    @Test
    void unknownEngineFromCodeIsRefusedAtBuild() {
        assertRefused(valid().engine("memory"), "SESSION_ENGINE", "unknown engine 'memory'");
    }

    @Test
    void nullForASettingWithADefaultIsRefusedNamingIt() {
        assertRefused(valid().timeZone(null), "TIME_ZONE", "must be set");
        assertRefused(valid().cookieName(null), "SESSION_COOKIE_NAME", "must be set");
        assertRefused(valid().cookieSameSite(null), "SESSION_COOKIE_SAMESITE", "must be set");
        assertRefused(valid().secretKeyFallbacks(null), "SECRET_KEY_FALLBACKS", "must be set");
    }
}
