package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;

/**
 * Changes how the auto-configured {@code SessionEngine} is built, before it is built: a bean of this type is
 * called, in {@link org.springframework.core.annotation.Order} order, with the builder and the settings the
 * engine is built with. The starter's own support for an application DataSource is one of these; an
 * application may add a clock or a cache it already holds ({@code builder.cache("default", myCache)}).
 * Not called when the application defines its own {@code SessionEngine} bean.
 */
@FunctionalInterface
public interface SessionEngineCustomizer {
    /**
     * Adjusts {@code builder}; must not call {@code build()}.
     *
     * @param settings the validated settings of the engine, for decisions that depend on them
     */
    void customize(SessionEngines.Builder builder, SessionSettings settings);
}
