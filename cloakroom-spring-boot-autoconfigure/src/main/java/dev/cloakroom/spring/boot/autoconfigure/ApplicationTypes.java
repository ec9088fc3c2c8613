package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.settings.SessionValueTypes;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;

/**
 * The application's own packages, as Boot's auto-configuration packages name them (the package of the
 * {@code @SpringBootApplication} class and any {@code @AutoConfigurationPackage}), trusted for typed session
 * values: a Boot user's records and beans come back from the session as themselves with no setting.
 */
final class ApplicationTypes implements SessionEngineCustomizer {
    private final BeanFactory beanFactory;

    ApplicationTypes(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void customize(dev.cloakroom.session.SessionEngines.Builder builder,
            dev.cloakroom.settings.SessionSettings settings) {
        builder.valueTypes(types());
    }

    /** The packages as trusted types; none when Boot recorded no auto-configuration package. */
    SessionValueTypes types() {
        SessionValueTypes.Builder types = SessionValueTypes.builder();
        if (AutoConfigurationPackages.has(beanFactory)) {
            AutoConfigurationPackages.get(beanFactory).forEach(types::trustPackage);
        }
        return types.build();
    }
}
