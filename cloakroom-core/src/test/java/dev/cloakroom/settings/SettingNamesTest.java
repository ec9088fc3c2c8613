package dev.cloakroom.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SettingNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"SESSION_ENGINE", "SESSION_COOKIE_PARTITIONED", "SECRET_KEY", "SECRET_KEY_FALLBACKS",
            "USE_TZ", "TIME_ZONE", "DATABASE_URL", "DATABASE_POOL_SIZE", "CACHE_DEFAULT_URL", "CACHE_SESSIONS_URL",
            "CACHES_DEFAULT_BACKEND", "CACHES_DEFAULT_KEY_PREFIX", "CACHES.default.LOCATION", "SESSION_CACHE_FORMAT"})
    void settingNamesAreRecognised(String name) {
        assertThat(SettingNames.isSetting(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATH", "HOME", "SESSION_", "DATABASE_", "CACHE_URL", "CACHE_DEFAULT", "session_engine",
            "SECRET_KEYS", "java.io.tmpdir", "CLOAKROOM_SETTINGS", "MY_SESSION_ENGINE", "CACHES_", "CACHES."})
    void otherNamesAreNot(String name) {
        assertThat(SettingNames.isSetting(name)).isFalse();
    }

    @Test
    void everyModelledNameIsASettingSoTheEnvironmentCanSetIt() {
        assertThat(SettingNames.MODELLED).hasSize(27).doesNotHaveDuplicates().allMatch(SettingNames::isSetting);
    }
}
