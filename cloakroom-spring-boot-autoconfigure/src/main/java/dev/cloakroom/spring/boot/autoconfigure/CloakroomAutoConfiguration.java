package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SettingsLoader;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Cloakroom's settings and {@link SessionEngine} as beans. The engine is the one SESSION_ENGINE names (db by
 * default), built with {@link SessionEngines#builder} and every {@link SessionEngineCustomizer}, and closed when
 * the context closes. Both back off when the application defines its own bean of the type: an application
 * {@code SessionEngine} bean is used by the filter and the health indicator as it is, and closed by whoever
 * defined it.
 *
 * <p>Runs after the DataSource auto-configuration so that the db engine can use the application's DataSource.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(CloakroomProperties.class)
@Import(JdbcEngineConfiguration.class)
public class CloakroomAutoConfiguration {
    private static final String SPRING_DATA_REDIS = "org.springframework.data.redis.connection.RedisConnectionFactory";

    /**
     * The settings from the {@code cloakroom.*} properties over the Django names in the environment, system
     * properties and settings file (see {@link SpringSessionSettings}). A {@link SettingsLoader} bean, if the
     * application has one, replaces the process's environment and system properties as the second source.
     */
    @Bean
    @ConditionalOnMissingBean
    public SessionSettings cloakroomSessionSettings(CloakroomProperties properties, Environment environment,
            ObjectProvider<SettingsLoader> loader) {
        boolean springDataRedis = ClassUtils.isPresent(SPRING_DATA_REDIS, getClass().getClassLoader());
        return SpringSessionSettings.build(properties, loader.getIfAvailable(SettingsLoader::fromSystem),
                SpringRedisUrl.from(environment, springDataRedis));
    }

    /** The application's own packages, trusted for typed session values unless turned off. */
    @Bean
    @ConditionalOnProperty(prefix = "cloakroom", name = "trust-application-packages", matchIfMissing = true)
    SessionEngineCustomizer cloakroomApplicationTypes(BeanFactory beanFactory) {
        return new ApplicationTypes(beanFactory);
    }

    /** Spring Security's context, tokens, saved request and CSRF token come back from the session as themselves. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.jackson.SecurityJacksonModules")
    static class SpringSecurityTypesConfiguration {
        @Bean
        SessionEngineCustomizer cloakroomSpringSecurityTypes() {
            return new SpringSecurityTypes(SpringSecurityTypesConfiguration.class.getClassLoader());
        }
    }

    /** The engine; {@code close()} releases its pool and connections when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SessionEngine cloakroomSessionEngine(SessionSettings settings,
            ObjectProvider<SessionEngineCustomizer> customizers) {
        SessionEngines.Builder builder = SessionEngines.builder(settings);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder, settings));
        return builder.build();
    }
}
