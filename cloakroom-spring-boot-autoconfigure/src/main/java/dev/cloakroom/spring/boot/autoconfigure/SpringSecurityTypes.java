package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModules;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Spring Security's own types for typed session values: its Jackson 3 modules (the mix-ins that write and read
 * a {@code SecurityContextImpl}, its tokens, {@code User}, authorities, the saved request and the CSRF token),
 * and exactly the classes those modules allow, as Spring Security's own validators name them. The modules'
 * own switch to default typing is left out: Cloakroom types values itself, on a name-only allow-list.
 */
final class SpringSecurityTypes implements SessionEngineCustomizer {
    private static final Logger LOG = LoggerFactory.getLogger(SpringSecurityTypes.class);
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
     * name given as a prefix is trusted only as that exact name, and one that is no class name (a package
     * prefix such as {@code java.util.}) is not trusted at all. Rules of any other kind (base types, patterns,
     * matchers) cannot be turned into names and are left out with a warning, so nothing is trusted wider than
     * a list of classes.
     */
    private static final class RecordingValidatorBuilder extends BasicPolymorphicTypeValidator.Builder {
        private static final Pattern CLASS_NAME = Pattern.compile("[\\w$]+(\\.[\\w$]+)*");
        final Set<String> names = new LinkedHashSet<>();

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfSubType(Class<?> subTypeBase) {
            names.add(subTypeBase.getName());
            return this;
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfSubType(String prefixForSubType) {
            if (CLASS_NAME.matcher(prefixForSubType).matches() && !prefixForSubType.endsWith(".")) {
                names.add(prefixForSubType);
            } else {
                leftOut("allowIfSubType(\"" + prefixForSubType + "\")");
            }
            return this;
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfSubType(Pattern patternForSubType) {
            return leftOut("allowIfSubType(" + patternForSubType + ")");
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfSubType(BasicPolymorphicTypeValidator.TypeMatcher m) {
            return leftOut("allowIfSubType(matcher)");
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfBaseType(Class<?> baseOfBase) {
            return leftOut("allowIfBaseType(" + baseOfBase.getName() + ")");
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfBaseType(String prefixForBase) {
            return leftOut("allowIfBaseType(\"" + prefixForBase + "\")");
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfBaseType(Pattern patternForBase) {
            return leftOut("allowIfBaseType(" + patternForBase + ")");
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfBaseType(BasicPolymorphicTypeValidator.TypeMatcher m) {
            return leftOut("allowIfBaseType(matcher)");
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowIfSubTypeIsArray() {
            return leftOut("allowIfSubTypeIsArray()");
        }

        @Override
        public BasicPolymorphicTypeValidator.Builder allowSubTypesWithExplicitDeserializer() {
            return leftOut("allowSubTypesWithExplicitDeserializer()");
        }

        private BasicPolymorphicTypeValidator.Builder leftOut(String rule) {
            LOG.warn("A Spring Security Jackson module asked to allow {}, which is not a class name; Cloakroom does "
                    + "not trust it for session values", rule);
            return this;
        }
    }
}
