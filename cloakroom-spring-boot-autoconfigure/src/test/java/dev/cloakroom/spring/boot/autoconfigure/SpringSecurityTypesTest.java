package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Spring Security keeps in the session comes back as the same objects: the security context with its
 * token, user and authorities, the CSRF token and the saved request; and only the classes its modules allow.
 */
class SpringSecurityTypesTest {
    private final SessionValueTypes types = new SpringSecurityTypes(getClass().getClassLoader()).types();
    @TempDir
    Path directory;
    private SessionEngine engine;

    /** The file engine: a real store, so every value goes through the bytes that would be kept. */
    @BeforeEach
    void openEngine() {
        engine = SessionEngines.builder(SessionSettings.builder().secretKey("k").engine("file").filePath(directory)
                .build()).valueTypes(types).build();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void theSecurityContextComesBackAsItWasStored() {
        User user = new User("alice", "", AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"));
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(user, null,
                user.getAuthorities());
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("127.0.0.1");
        token.setDetails(new WebAuthenticationDetails(request));
        SecurityContextImpl context = new SecurityContextImpl(token);

        Object read = roundTrip("SPRING_SECURITY_CONTEXT", context);

        assertThat(read).isExactlyInstanceOf(SecurityContextImpl.class).isEqualTo(context);
        UsernamePasswordAuthenticationToken back = (UsernamePasswordAuthenticationToken)
                ((SecurityContextImpl) read).getAuthentication();
        assertThat(back.getPrincipal()).isExactlyInstanceOf(User.class).isEqualTo(user);
        assertThat(back.getAuthorities()).containsExactlyElementsOf(token.getAuthorities());
        assertThat(back.isAuthenticated()).isTrue();
    }

    @Test
    void theCsrfTokenAndTheSavedRequestComeBackAsThemselves() {
        DefaultCsrfToken csrf = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "a-token-value");
        DefaultSavedRequest saved = new DefaultSavedRequest.Builder().setMethod("GET").setScheme("http")
                .setServerName("localhost").setServerPort(8080).setRequestURI("/private/report")
                .setServletPath("/private/report").setQueryString("year=2030").build();

        assertThat(roundTrip("csrf", csrf)).isExactlyInstanceOf(DefaultCsrfToken.class)
                .usingRecursiveComparison().isEqualTo(csrf);
        Object savedBack = roundTrip("saved", saved);
        assertThat(savedBack).isExactlyInstanceOf(DefaultSavedRequest.class);
        assertThat(((DefaultSavedRequest) savedBack).getRedirectUrl()).isEqualTo(saved.getRedirectUrl());
    }

    /** An application's record with dates, trusted beside Spring Security's types. */
    public record Stamp(Instant at, LocalDate day) {
    }

    @Test
    void springSecuritysModulesDoNotChangeHowTheApplicationsDatesAreStored() {
        engine.close();
        engine = SessionEngines.builder(SessionSettings.builder().secretKey("k").engine("file").filePath(directory)
                .build()).valueTypes(types).valueTypes(SessionValueTypes.builder().trustClass(Stamp.class).build())
                .build();
        Stamp stamp = new Stamp(Instant.parse("2030-01-02T03:04:05.123456789Z"), LocalDate.of(2030, 1, 2));
        FactorGrantedAuthority factor = FactorGrantedAuthority.withAuthority("FACTOR_PASSWORD")
                .issuedAt(Instant.parse("2030-01-02T03:04:05.123456789Z")).build();

        assertThat(roundTrip("stamp", stamp)).isExactlyInstanceOf(Stamp.class).isEqualTo(stamp);
        assertThat(roundTrip("factor", factor)).isExactlyInstanceOf(FactorGrantedAuthority.class)
                .isEqualTo(factor);
    }

    @Test
    void onlyTheClassesSpringSecuritysModulesAllowAreTrusted() {
        assertThat(types.classes()).contains(SecurityContextImpl.class.getName(),
                UsernamePasswordAuthenticationToken.class.getName(), User.class.getName(),
                DefaultCsrfToken.class.getName(), DefaultSavedRequest.class.getName());
        assertThat(types.packages()).isEmpty();
        assertThat(types.classes()).noneMatch(name -> name.startsWith("java.lang.Runtime")
                || name.startsWith("javax.") || name.endsWith(".*"));
    }

    private Object roundTrip(String key, Object value) {
        Session session = engine.open(null);
        session.put(key, value);
        session.save();
        return engine.open(session.getSessionKey()).get(key);
    }
}
