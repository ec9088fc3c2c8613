package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;

/**
 * The application's own packages, as Boot's auto-configuration packages name them (the package of the
 * {@code @SpringBootApplication} class and any {@code @AutoConfigurationPackage}), trusted for typed session
 * values: a Boot user's records and beans come back from the session as themselves with no setting.
 */
final class ApplicationTypes implements SessionEngineCustomizer {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicationTypes.class);
    private final BeanFactory beanFactory;

    ApplicationTypes(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void customize(SessionEngines.Builder builder, SessionSettings settings) {
        SessionValueTypes types = types();
        if (!types.packages().isEmpty()) {
            LOG.info("Session values of the application's packages {} come back as their own classes "
                    + "(cloakroom.trust-application-packages)", types.packages());
        }
        builder.valueTypes(types);
    }

    /**
     * The packages as trusted types; none when Boot recorded no auto-configuration package. The default
     * package (an application class without a package) is not trusted: it would be every class without one.
     */
    SessionValueTypes types() {
        SessionValueTypes.Builder types = SessionValueTypes.builder();
        if (AutoConfigurationPackages.has(beanFactory)) {
            AutoConfigurationPackages.get(beanFactory).stream().filter(name -> !name.isEmpty())
                    .forEach(types::trustPackage);
        }
        return types.build();
    }
}
