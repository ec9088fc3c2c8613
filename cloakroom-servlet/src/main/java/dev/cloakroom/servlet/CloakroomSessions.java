package dev.cloakroom.servlet;

import dev.cloakroom.session.Session;
import jakarta.servlet.ServletRequest;

import java.util.Optional;

/**
 * Reaching the current request's {@link Session} from servlet code (Django's {@code request.session}).
 * {@link SessionMiddleware} puts it in the request attribute {@link #ATTRIBUTE}; applications that prefer
 * the servlet API use {@code request.getSession()} instead, which the middleware backs by the same session.
 */
public final class CloakroomSessions {
    /** The request attribute holding the {@link Session}: {@code dev.cloakroom.session.Session}. */
    public static final String ATTRIBUTE = Session.class.getName();

    private CloakroomSessions() {
    }

    /**
     * The session of {@code request}.
     *
     * @throws IllegalStateException when no {@link SessionMiddleware} handled this request
     */
    public static Session current(ServletRequest request) {
        return find(request).orElseThrow(() -> new IllegalStateException("No Cloakroom session on this request: "
                + "map " + SessionMiddleware.class.getName() + " in front of it (request attribute "
                + ATTRIBUTE + " is missing)"));
    }

    /** The session of {@code request}, or empty when no {@link SessionMiddleware} handled it. */
    public static Optional<Session> find(ServletRequest request) {
        Object value = request.getAttribute(ATTRIBUTE);
        return value instanceof Session session ? Optional.of(session) : Optional.empty();
    }
}
