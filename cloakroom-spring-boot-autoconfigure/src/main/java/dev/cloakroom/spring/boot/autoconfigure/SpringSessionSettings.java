package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SettingsLoader;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the application's {@link SessionSettings}. Sources, later ones winning: Django's defaults, the
 * settings file ({@code $CLOAKROOM_SETTINGS} or {@code ./cloakroom.properties}), environment variables and Java
 * system properties under their Django names (all three as {@link SettingsLoader} reads them), then the Spring
 * properties under {@code cloakroom} ({@link CloakroomProperties}, from any Spring property source). Last, for
 * the cache and cached_db engines whose cache alias has no URL from any of those, the Redis of
 * {@code spring.data.redis}, when the application has one.
 */
final class SpringSessionSettings {
    private static final Set<String> CACHE_ENGINES = Set.of("cache", "cached_db");

    private SpringSessionSettings() {
    }

    /**
     * @param springRedisUrl the {@code redis://} URL of {@code spring.data.redis}, if the application has one
     * @throws ImproperlyConfiguredException naming the Django setting (and the Spring property, when one gave
     *         the value) that is wrong or missing
     */
    static SessionSettings build(CloakroomProperties properties, SettingsLoader loader,
            Optional<String> springRedisUrl) {
        SessionSettings.Builder builder = loader.builder(Optional.empty());
        Map<String, PropertySettings.Value> values = PropertySettings.of(properties);
        values.forEach((name, value) -> {
            try {
                builder.set(name, value.text());
            } catch (ImproperlyConfiguredException e) {
                throw located(e, value);
            }
        });
        SessionSettings settings = buildLocated(builder, values);
        if (CACHE_ENGINES.contains(settings.engine()) && springRedisUrl.isPresent()) {
            String cacheUrl = PropertySettings.cacheUrlSetting(settings.cacheAlias());
            String backend = dev.cloakroom.settings.CacheAlias.settingName(settings.cacheAlias(), "BACKEND");
            if (settings.raw(cacheUrl).isEmpty() && settings.raw(backend).isEmpty()) {
                settings = settings.toBuilder().set(cacheUrl, springRedisUrl.get()).build();
            }
        }
        return settings;
    }

    private static SessionSettings buildLocated(SessionSettings.Builder builder,
            Map<String, PropertySettings.Value> values) {
        try {
            return builder.build();
        } catch (ImproperlyConfiguredException e) {
            PropertySettings.Value value = values.get(e.setting());
            throw value == null ? e : located(e, value);
        }
    }

    private static ImproperlyConfiguredException located(ImproperlyConfiguredException e,
            PropertySettings.Value value) {
        ImproperlyConfiguredException located = new ImproperlyConfiguredException(e.setting(),
                e.problem() + " (from Spring property " + value.property() + ")");
        located.initCause(e);
        return located;
    }
}
