package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private SettingsLoader loader(Map<String, String> env, Map<String, String> sysprops) {
        return new SettingsLoader(env, sysprops, dir);
    }

    @Test
    void fileOverridesDjangosDefaults() throws IOException {
        Path f = file("s.properties", "SECRET_KEY=from-file\nSESSION_COOKIE_AGE=3600\n");

        SessionSettings s = loader(Map.of(), Map.of()).loadSettings(Optional.of(f));

        assertThat(s.secretKey()).isEqualTo("from-file");
        assertThat(s.cookieAge()).isEqualTo(3600);
        assertThat(s.cookieName()).isEqualTo("sessionid");
    }

    @Test
    void environmentOverridesTheFileAndSystemPropertiesOverrideBoth() throws IOException {
        Path f = file("s.properties", String.join("\n", "SECRET_KEY=from-file", "SESSION_COOKIE_AGE=100",
                "SESSION_COOKIE_NAME=file_sid", "SESSION_COOKIE_PATH=/file", ""));
        Map<String, String> env = Map.of("SESSION_COOKIE_AGE", "200", "SESSION_COOKIE_NAME", "env_sid");
        Map<String, String> sysprops = Map.of("SESSION_COOKIE_AGE", "300");

        SessionSettings s = loader(env, sysprops).loadSettings(Optional.of(f));

        assertThat(s.cookiePath()).isEqualTo("/file");
        assertThat(s.cookieName()).isEqualTo("env_sid");
        assertThat(s.cookieAge()).isEqualTo(300);
        assertThat(s.secretKey()).isEqualTo("from-file");
    }

    @Test
    void onlySettingNamesAreTakenFromTheEnvironmentAndSystemProperties() {
        Map<String, String> env = Map.of("SECRET_KEY", "k", "PATH", "/usr/bin", "HOME", "/root",
                "DATABASE_URL", "sqlite:env.db", "CACHE_SESSIONS_URL", "local:", "CACHE_SIZE", "10");
        Map<String, String> sysprops = Map.of("java.io.tmpdir", "/tmp", "user.name", "x",
                "SESSION_REDIS_TIMEOUT", "5");

        SessionSettings s = loader(env, sysprops).loadSettings(Optional.empty());

        assertThat(s.rawNames()).containsExactly("CACHE_SESSIONS_URL", "DATABASE_URL", "SESSION_REDIS_TIMEOUT");
        assertThat(s.raw("DATABASE_URL")).contains("sqlite:env.db");
    }

    @Test
    void everyNameInTheFileIsRead() throws IOException {
        Path f = file("s.properties", "SECRET_KEY=k\nDATABASE_URL=sqlite:db.sqlite3\nmy.own.thing=yes\n");

        SessionSettings s = loader(Map.of(), Map.of()).loadSettings(Optional.of(f));

        assertThat(s.raw("DATABASE_URL")).contains("sqlite:db.sqlite3");
        assertThat(s.raw("my.own.thing")).contains("yes");
    }

    @Test
    void fileNamedByCloakroomSettingsIsReadWhenNoneIsGiven() throws IOException {
        file("named.properties", "SECRET_KEY=named\n");
        file("cloakroom.properties", "SECRET_KEY=default-file\n");

        SessionSettings s = loader(Map.of("CLOAKROOM_SETTINGS", "named.properties"), Map.of())
                .loadSettings(Optional.empty());

        assertThat(s.secretKey()).isEqualTo("named");
    }

    @Test
    void explicitFileWinsOverCloakroomSettings() throws IOException {
        Path explicit = file("explicit.properties", "SECRET_KEY=explicit\n");
        file("named.properties", "SECRET_KEY=named\n");

        SessionSettings s = loader(Map.of("CLOAKROOM_SETTINGS", "named.properties"), Map.of())
                .loadSettings(Optional.of(explicit));

        assertThat(s.secretKey()).isEqualTo("explicit");
    }

    @Test
    void cloakroomPropertiesInTheWorkingDirectoryIsTheLastResort() throws IOException {
        file("cloakroom.properties", "SECRET_KEY=default-file\n");

        SettingsLoader loader = loader(Map.of(), Map.of());

        assertThat(loader.settingsFile(Optional.empty())).contains(dir.resolve("cloakroom.properties"));
        assertThat(loader.loadSettings(Optional.empty()).secretKey()).isEqualTo("default-file");
    }

    @Test
    void noFileAtAllLeavesDefaultsEnvironmentAndSystemProperties() {
        SettingsLoader loader = loader(Map.of("SECRET_KEY", "env"), Map.of());

        assertThat(loader.settingsFile(Optional.empty())).isEmpty();
        assertThat(loader.loadSettings(Optional.empty()).secretKey()).isEqualTo("env");
    }

    @Test
    void missingExplicitFileIsAnErrorNamingTheFile() {
        Path missing = dir.resolve("absent.properties");

        assertThatThrownBy(() -> loader(Map.of("SECRET_KEY", "k"), Map.of()).loadSettings(Optional.of(missing)))
                .isInstanceOfSatisfying(SettingsFileException.class, e -> assertThat(e.file()).isEqualTo(missing))
                .hasMessage("settings file '" + missing + "' does not exist (given explicitly)");
    }

    @Test
    void missingFileNamedByCloakroomSettingsIsAnErrorNamingTheFileAndTheVariable() {
        assertThatThrownBy(() -> loader(Map.of("CLOAKROOM_SETTINGS", "gone.properties", "SECRET_KEY", "k"),
                Map.of()).loadSettings(Optional.empty()))
                .isInstanceOf(SettingsFileException.class)
                .hasMessage("settings file '" + dir.resolve("gone.properties")
                        + "' does not exist (named by CLOAKROOM_SETTINGS)");
    }

    @Test
    void aDirectoryIsNotASettingsFile() {
        assertThatThrownBy(() -> loader(Map.of(), Map.of()).loadSettings(Optional.of(dir)))
                .isInstanceOf(SettingsFileException.class).hasMessageContaining("is not a regular file");
    }

    @Test
    void malformedFileIsAnErrorNamingTheFile() throws IOException {
        Path f = file("bad.properties", "SECRET_KEY=\\u12\n");

        assertThatThrownBy(() -> loader(Map.of(), Map.of()).loadSettings(Optional.of(f)))
                .isInstanceOf(SettingsFileException.class).hasMessageStartingWith("settings file '" + f + "'");
    }

    @Test
    void filesAreReadAsUtf8() throws IOException {
        Path f = file("s.properties", "SECRET_KEY=clé-secrète\n");

        assertThat(loader(Map.of(), Map.of()).loadSettings(Optional.of(f)).secretKey()).isEqualTo("clé-secrète");
    }

    @Test
    void aBadValueSaysWhereItCameFrom() throws IOException {
        Path f = file("s.properties", "SECRET_KEY=k\nSESSION_COOKIE_AGE=forever\n");

        assertThatThrownBy(() -> loader(Map.of(), Map.of()).loadSettings(Optional.of(f)))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_COOKIE_AGE"))
                .hasMessage("SESSION_COOKIE_AGE: expected a whole number, got 'forever' (from settings file "
                        + f + ")");
        assertThatThrownBy(() -> loader(Map.of("SECRET_KEY", "k", "USE_TZ", "maybe"), Map.of())
                .loadSettings(Optional.empty()))
                .hasMessageEndingWith("(from environment variable USE_TZ)");
    }

    @Test
    void aBadValueThatIsOverriddenDoesNoHarm() throws IOException {
        Path f = file("s.properties", "SECRET_KEY=k\nSESSION_COOKIE_AGE=forever\n");

        SessionSettings s = loader(Map.of(), Map.of("SESSION_COOKIE_AGE", "60")).loadSettings(Optional.of(f));

        assertThat(s.cookieAge()).isEqualTo(60);
    }

    @Test
    void aFailedCheckAtBuildSaysWhereTheSettingCameFrom() {
        assertThatThrownBy(() -> loader(Map.of("SECRET_KEY", "k"), Map.of("SESSION_COOKIE_SAMESITE", "None"))
                .loadSettings(Optional.empty()))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("SESSION_COOKIE_SAMESITE"))
                .hasMessageEndingWith("(from system property SESSION_COOKIE_SAMESITE)");
        assertThatThrownBy(() -> loader(Map.of(), Map.of()).loadSettings(Optional.empty()))
                .hasMessageStartingWith("SECRET_KEY: must not be empty");
    }

    @Test
    void builderLeavesValidationToTheCaller() {
        SessionSettings.Builder b = loader(Map.of("SESSION_COOKIE_NAME", "sid"), Map.of()).builder(Optional.empty());

        assertThat(b.secretKey("late").build().cookieName()).isEqualTo("sid");
    }

    @Test
    void djangoDottedEngineNamesAreAcceptedFromEveryWhere() throws IOException {
        Path f = file("s.properties", "SECRET_KEY=k\nSESSION_ENGINE=django.contrib.sessions.backends.signed_cookies\n");

        assertThat(loader(Map.of(), Map.of()).loadSettings(Optional.of(f)).engine()).isEqualTo("signed_cookies");
        assertThat(loader(Map.of("SECRET_KEY", "k", "SESSION_ENGINE", "django.contrib.sessions.backends.cache"),
                Map.of()).loadSettings(Optional.empty()).engine()).isEqualTo("cache");
    }

    @Test
    void staticLoadReadsThisProcessesSystemProperties() {
        assumeTrue(System.getenv("CLOAKROOM_SETTINGS") == null, "CLOAKROOM_SETTINGS is set in this environment");
        String previous = System.getProperty("SECRET_KEY");
        System.setProperty("SECRET_KEY", "from-jvm");
        try {
            assertThat(SettingsLoader.load().secretKey()).isEqualTo("from-jvm");
        } finally {
            if (previous == null) {
                System.clearProperty("SECRET_KEY");
            } else {
                System.setProperty("SECRET_KEY", previous);
            }
        }
    }
}
