package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.SessionEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The session store's health as the {@code cloakroom} component of {@code /actuator/health}, when Boot's health
 * support is on the class path; {@code management.health.cloakroom.enabled=false} turns it off.
 */
@AutoConfiguration(after = CloakroomAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(SessionEngine.class)
@ConditionalOnEnabledHealthIndicator("cloakroom")
public class CloakroomHealthAutoConfiguration {
    /** Named so that the health component is {@code cloakroom}. */
    @Bean
    @ConditionalOnMissingBean(name = "cloakroomHealthIndicator")
    public CloakroomHealthIndicator cloakroomHealthIndicator(SessionEngine engine) {
        return new CloakroomHealthIndicator(engine);
    }
}
