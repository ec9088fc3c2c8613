package dev.cloakroom.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** The db and cached_db engines' start-up, when cloakroom-jdbc is on the class path. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.cloakroom.jdbc.DbEngineProvider")
class JdbcEngineConfiguration {
    @Bean
    SessionEngineCustomizer cloakroomJdbcEngineCustomizer(ObjectProvider<DataSource> dataSources,
            CloakroomProperties properties) {
        return new JdbcEngineCustomizer(dataSources::getIfUnique, properties.isMigrate());
    }
}
