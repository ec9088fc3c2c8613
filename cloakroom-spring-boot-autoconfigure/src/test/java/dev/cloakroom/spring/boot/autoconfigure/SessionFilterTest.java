package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.servlet.SessionMiddleware;
import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import jakarta.servlet.ServletContext;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.web.context.WebApplicationContext;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With the auto-configuration on the class path, the servlet session of a Boot application is Cloakroom's. */
class SessionFilterTest {
    /** Spring Security's default filter chain order in Boot (SecurityFilterProperties.DEFAULT_FILTER_ORDER). */
    static final int SPRING_SECURITY_FILTER_ORDER = -100;

    /** Package-private in cloakroom-servlet: the bridge is no API, but it is what the container's session is now. */
    static final String CLOAKROOM_HTTP_SESSION = "dev.cloakroom.servlet.CloakroomHttpSession";

    @TempDir
    Path directory;

    @Test
    void theHttpSessionIsCloakroomsAndCountsAcrossRequestsThroughItsCookie() throws Exception {
        try (BootApp app = BootApp.start(CounterApplication.class,
                "cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3"))) {
            HttpResponse<String> first = app.get("/count");
            HttpResponse<String> second = app.get("/count");

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("1 " + CLOAKROOM_HTTP_SESSION);
            assertThat(first.headers().allValues("Set-Cookie")).singleElement().asString()
                    .startsWith("sessionid=" + app.cookie("sessionid") + "; ")
                    .contains("HttpOnly", "Max-Age=1209600", "Path=/", "SameSite=Lax");
            assertThat(app.cookie("sessionid")).hasSize(32);
            assertThat(second.body()).isEqualTo("2 " + CLOAKROOM_HTTP_SESSION);
            assertThat(app.cookie("JSESSIONID")).as("the container never makes a session of its own").isNull();
        }
    }

    @Test
    void theMiddlewareIsRegisteredOnceForEveryDispatchAheadOfSpringSecurity() {
        try (BootApp app = BootApp.start(CounterApplication.class,
                "cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3"))) {
            DelegatingFilterProxyRegistrationBean registration = app.context().getBean(
                    CloakroomServletAutoConfiguration.FILTER_BEAN, DelegatingFilterProxyRegistrationBean.class);
            ServletContext servletContext = ((WebApplicationContext) app.context()).getServletContext();

            assertThat(app.context().getBean(CloakroomServletAutoConfiguration.MIDDLEWARE_BEAN))
                    .isInstanceOf(SessionMiddleware.class);
            assertThat(registration.determineDispatcherTypes()).containsExactlyInAnyOrder(DispatcherType.REQUEST,
                    DispatcherType.FORWARD, DispatcherType.ASYNC, DispatcherType.ERROR);
            assertThat(registration.isAsyncSupported()).isTrue();
            assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE + 50)
                    .isLessThan(SPRING_SECURITY_FILTER_ORDER);
            assertThat(servletContext.getFilterRegistrations()).as("the middleware bean is not registered again")
                    .containsKey(CloakroomServletAutoConfiguration.FILTER_BEAN)
                    .doesNotContainKey(CloakroomServletAutoConfiguration.MIDDLEWARE_BEAN);
            assertThat(servletContext.getFilterRegistration(CloakroomServletAutoConfiguration.FILTER_BEAN)
                    .getUrlPatternMappings()).containsExactly("/*");
        }
    }
}
