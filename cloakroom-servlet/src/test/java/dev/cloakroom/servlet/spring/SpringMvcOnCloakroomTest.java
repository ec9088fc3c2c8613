package dev.cloakroom.servlet.spring;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.servlet.SessionMiddleware;
import dev.cloakroom.settings.SessionSettings;
import jakarta.servlet.http.HttpSession;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unchanged Spring MVC application (a controller taking {@link HttpSession}) moved onto Cloakroom by
 * adding the filter, in embedded Tomcat 11, on the real file engine.
 */
class SpringMvcOnCloakroomTest {
    @TempDir
    Path dir;
    private Tomcat tomcat;
    private SessionEngine engine;
    private int port;

    /** The application as it was before Cloakroom: plain servlet sessions. */
    @RestController
    static class CartController {
        @PostMapping("/cart/add")
        String add(HttpSession session, @RequestParam("item") String item) {
            Object items = session.getAttribute("items");
            String next = items == null ? item : items + "," + item;
            session.setAttribute("items", next);
            return next;
        }

        @GetMapping("/cart")
        String show(HttpSession session) {
            Object items = session.getAttribute("items");
            return items == null ? "(empty)" : items.toString();
        }

        @PostMapping("/logout")
        String logout(HttpSession session) {
            session.invalidate();
            return "bye";
        }
    }

    @Configuration
    @EnableWebMvc
    static class WebConfig {
        @Bean
        CartController cartController() {
            return new CartController();
        }
    }

    @BeforeEach
    void start() throws Exception {
        SessionSettings settings = SessionSettings.builder().secretKey("spring-test-key").engine("file")
                .filePath(dir).build();
        engine = SessionEngines.create(settings);
        tomcat = new Tomcat();
        tomcat.setBaseDir(dir.resolve("tomcat").toString());
        tomcat.setPort(0);
        Context context = tomcat.addContext("", dir.toString());
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(WebConfig.class);
        Wrapper dispatcher = Tomcat.addServlet(context, "spring", new DispatcherServlet(spring));
        dispatcher.setLoadOnStartup(1);
        context.addServletMappingDecoded("/", "spring");
        FilterDef def = new FilterDef();
        def.setFilterName("cloakroom");
        def.setFilter(new SessionMiddleware(engine));
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("cloakroom");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        engine.close();
    }

    private HttpResponse<String> send(String method, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void controllerSessionsLiveInCloakroom() throws Exception {
        HttpResponse<String> first = send("POST", "/cart/add?item=apple", null);
        assertThat(first.body()).isEqualTo("apple");
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("sessionid=").contains("; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax");
        assertThat(first.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String key = cookie.substring("sessionid=".length());
        assertThat(dir.resolve("sessionid" + key)).exists();

        assertThat(send("POST", "/cart/add?item=pear", cookie).body()).isEqualTo("apple,pear");
        assertThat(send("GET", "/cart", cookie).body()).isEqualTo("apple,pear");

        HttpResponse<String> logout = send("POST", "/logout", cookie);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                c -> assertThat(c).startsWith("sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0"));
        assertThat(dir.resolve("sessionid" + key)).doesNotExist();
        assertThat(send("GET", "/cart", cookie).body()).isEqualTo("(empty)");
    }
}
