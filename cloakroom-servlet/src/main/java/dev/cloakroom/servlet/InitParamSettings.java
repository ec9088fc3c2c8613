package dev.cloakroom.servlet;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SettingsLoader;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;

/**
 * Settings for a {@link SessionMiddleware} the container instantiates. The usual sources apply (Django's
 * defaults &lt; settings file &lt; environment &lt; system properties, see {@link SettingsLoader}); the
 * init-param {@value #SETTINGS_FILE_PARAM} names the settings file, and every other init-param is a setting
 * by its Django name ({@code SESSION_ENGINE}, {@code SESSION_COOKIE_AGE}, ...) that wins over all sources,
 * because the deployment descriptor is the most specific place to say it.
 */
final class InitParamSettings {
    /** The init-param naming a properties file of settings. */
    static final String SETTINGS_FILE_PARAM = "settings";

    private InitParamSettings() {
    }

    static SessionSettings load(FilterConfig config) throws ServletException {
        String file = config.getInitParameter(SETTINGS_FILE_PARAM);
        try {
            SessionSettings.Builder builder = SettingsLoader.fromSystem()
                    .builder(Optional.ofNullable(file).filter(f -> !f.isBlank()).map(Path::of));
            for (String name : Collections.list(config.getInitParameterNames())) {
                if (!SETTINGS_FILE_PARAM.equals(name)) {
                    builder.set(name, config.getInitParameter(name));
                }
            }
            return builder.build();
        } catch (ImproperlyConfiguredException e) {
            throw new ServletException("Cloakroom SessionMiddleware (filter " + config.getFilterName()
                    + "): " + e.getMessage(), e);
        }
    }

    static SessionEngine engine(SessionSettings settings) throws ServletException {
        try {
            return SessionEngines.create(settings);
        } catch (ImproperlyConfiguredException e) {
            throw new ServletException("Cloakroom SessionMiddleware: " + e.getMessage(), e);
        }
    }
}
