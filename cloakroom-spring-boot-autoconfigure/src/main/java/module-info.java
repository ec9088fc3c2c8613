/**
 * Spring Boot 4 auto-configuration for Cloakroom: the settings as {@code cloakroom.*} properties, the
 * {@code SessionEngine} bean, {@code SessionMiddleware} in front of servlet applications, the session table
 * migrated at start-up, and a health indicator. Applications program against the properties class and
 * {@code SessionEngineCustomizer}; everything else is found by Boot. Spring reads the package reflectively,
 * hence {@code opens}.
 */
module dev.cloakroom.spring.boot.autoconfigure {
    requires transitive dev.cloakroom.core;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires java.sql;
    requires org.slf4j;

    // Each is configured only when the application has it.
    requires static dev.cloakroom.servlet;
    requires static dev.cloakroom.jdbc;
    requires static jakarta.servlet;
    requires static spring.boot.health;
    requires static spring.web;
    requires static spring.security.core;

    exports dev.cloakroom.spring.boot.autoconfigure;
    opens dev.cloakroom.spring.boot.autoconfigure;
}
