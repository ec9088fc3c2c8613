package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.ImproperlyConfiguredException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up that failed on a Cloakroom setting into Boot's one "APPLICATION FAILED TO START" report,
 * naming the setting both ways: as the Spring property to set ({@code cloakroom.secret-key}) and as the Django
 * name that the environment, system properties and {@code cloakroom.properties} also take ({@code SECRET_KEY}).
 */
public final class CloakroomFailureAnalyzer extends AbstractFailureAnalyzer<ImproperlyConfiguredException> {
    private static final String ANY_ALIAS = "CACHE_<ALIAS>_URL";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ImproperlyConfiguredException cause) {
        String setting = cause.setting();
        String property = ANY_ALIAS.equals(setting)
                ? "cloakroom.cache-default-url (or cloakroom.cache-urls.<alias>)"
                : PropertySettings.propertyOf(setting);
        // The settings name the Spring property that gave a bad value; the description names it already.
        String problem = cause.problem().replace(" (from Spring property " + property + ")", "");
        String description = "Cloakroom's setting " + setting + " (Spring property " + property + "): " + problem;
        String action = "Set or correct the Spring property " + property + " (in application.properties, or as "
                + "the environment variable CLOAKROOM_" + setting + "), or the setting " + setting + " as an "
                + "environment variable, a Java system property or in cloakroom.properties.";
        return new FailureAnalysis(description, action, cause);
    }
}
