package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModules;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Spring Security's own types for typed session values: its Jackson 3 modules (the mix-ins that write and read
 * a {@code SecurityContextImpl}, its tokens, {@code User}, authorities, the saved request and the CSRF token),
 * and exactly the classes those modules allow, as Spring Security's own validators name them. The modules'
 * own switch to default typing is left out: Cloakroom types values itself, on a name-only allow-list.
 */
final class SpringSecurityTypes implements SessionEngineCustomizer {
    private final ClassLoader classLoader;

    SpringSecurityTypes(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void customize(SessionEngines.Builder builder, SessionSettings settings) {
        builder.valueTypes(types());
    }

    SessionValueTypes types() {
        RecordingValidatorBuilder allowed = new RecordingValidatorBuilder();
        SessionValueTypes.Builder types = SessionValueTypes.builder();
        for (JacksonModule module : SecurityJacksonModules.getModules(classLoader, allowed)) {
            if (module instanceof SecurityJacksonModule) {
                types.module(module);
            }
        }
        allowed.names.forEach(types::trustClass);
        return types.build();
    }

    /**
     * Takes down the class names Spring Security's modules allow. They name classes and exact class names; a
     * name given as a prefix is trusted only as that exact name.
     */
    private static final class RecordingValidatorBuilder extends BasicPolymorphicTypeValidator.Builder {
        final Set<String> names = new LinkedHashSet<>();

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfSubType(Class<?> subTypeBase) {
            names.add(subTypeBase.getName());
            return this;
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfSubType(String prefixForSubType) {
            names.add(prefixForSubType);
            return this;
        }
    }
}
