package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.servlet.SessionMiddleware;
import dev.cloakroom.session.SessionEngine;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.DelegatingFilterProxy;

/**
 * Puts {@link SessionMiddleware} in front of a servlet application, over the {@link SessionEngine} bean, so
 * that {@code request.getSession()} is Cloakroom's ({@code dev.cloakroom.servlet.CloakroomHttpSession}) and the
 * container's own sessions are never created. Mapped to {@code /*} for the REQUEST, FORWARD, ASYNC and ERROR
 * dispatches (forwards, async completions and error pages must see and save the same session) at
 * {@link #FILTER_ORDER}.
 *
 * <p>The middleware is the bean {@value #MIDDLEWARE_BEAN}; the container gets it through a
 * {@link DelegatingFilterProxyRegistrationBean} (as Boot registers Spring Security's filter chain), which looks
 * the bean up on the first request. A plain registration would build the engine while the embedded server
 * starts its servlet context, so a bad setting would be reported twice, by the server and by Boot; this way the
 * engine is built with the other singletons, before the server accepts connections, and a bad setting fails
 * start-up with Boot's single report. Application beans named {@value #MIDDLEWARE_BEAN} or
 * {@value #FILTER_BEAN} replace these.
 */
@AutoConfiguration(after = CloakroomAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SessionMiddleware.class, DelegatingFilterProxy.class})
@ConditionalOnBean(SessionEngine.class)
public class CloakroomServletAutoConfiguration {
    /** The name of the middleware's bean. */
    public static final String MIDDLEWARE_BEAN = "cloakroomSessionMiddleware";

    /** The name of the filter's registration bean, and of the filter in the container. */
    public static final String FILTER_BEAN = "cloakroomSessionFilter";

    /**
     * The filter's order: {@code Integer.MIN_VALUE + 50}. Every filter that may touch the session must run
     * inside it, so it comes before Spring Security's filter chain (Boot's default order -100), the request
     * context filter (-105) and the form content filter (-9900); only a filter that must see the raw request
     * first (Boot's character encoding filter, at {@code Integer.MIN_VALUE}) comes earlier. It is the order
     * Spring Session gives its repository filter for the same reason.
     */
    public static final int FILTER_ORDER = Integer.MIN_VALUE + 50;

    /** The middleware; it does not close the engine, the engine's bean does. */
    @Bean(MIDDLEWARE_BEAN)
    @ConditionalOnMissingBean(name = MIDDLEWARE_BEAN)
    public SessionMiddleware cloakroomSessionMiddleware(SessionEngine engine) {
        return new SessionMiddleware(engine);
    }

    /** The middleware's registration with the container. */
    @Bean(FILTER_BEAN)
    @ConditionalOnMissingBean(name = FILTER_BEAN)
    public DelegatingFilterProxyRegistrationBean cloakroomSessionFilter() {
        DelegatingFilterProxyRegistrationBean registration = new DelegatingFilterProxyRegistrationBean(MIDDLEWARE_BEAN);
        registration.setName(FILTER_BEAN);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC,
                DispatcherType.ERROR);
        registration.setAsyncSupported(true);
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
