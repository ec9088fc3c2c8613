package dev.cloakroom.servlet;

import dev.cloakroom.lifecycle.CookieDecision;
import dev.cloakroom.lifecycle.SessionLifecycle;
import dev.cloakroom.lifecycle.VaryHeader;
import dev.cloakroom.session.Session;
import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.SessionTooLargeException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * One request's session and its end: the lifecycle's close runs exactly once, onto the real response,
 * just before that response commits (whichever way it commits), and its headers are re-applied if the
 * application resets the response before it commits.
 */
final class RequestSession {
    private static final Logger LOG = LoggerFactory.getLogger(RequestSession.class);

    private final SessionLifecycle lifecycle;
    private final Session session;
    private final boolean requestHadCookie;
    private final String requestedSessionId;
    private final Instant requestStart;
    private final ServletContext servletContext;
    private CloakroomHttpSession httpSession;
    private boolean closed;
    private boolean answeredBadRequest;
    private RuntimeException saveFailure;
    private CookieDecision decision;

    RequestSession(SessionLifecycle lifecycle, List<String> cookieValues, Instant requestStart,
            ServletContext servletContext) {
        this.lifecycle = lifecycle;
        this.session = lifecycle.open(cookieValues);
        this.requestHadCookie = !cookieValues.isEmpty();
        this.requestedSessionId = requestHadCookie ? cookieValues.get(cookieValues.size() - 1) : null;
        this.requestStart = requestStart;
        this.servletContext = servletContext;
    }

    Session session() {
        return session;
    }

    String requestedSessionId() {
        return requestedSessionId;
    }

    Instant requestStart() {
        return requestStart;
    }

    boolean isClosed() {
        return closed;
    }

    boolean answeredBadRequest() {
        return answeredBadRequest;
    }

    /** Whether ending the session failed (the store or the codec threw): nothing this request changed is stored. */
    boolean saveFailed() {
        return saveFailure != null;
    }

    // ---- the HttpSession view -----------------------------------------------------------------------

    /** The servlet view of the session, as {@code request.getSession(create)} answers. */
    CloakroomHttpSession httpSession(boolean create) {
        if (httpSession != null && !httpSession.isInvalidated()) {
            if (!session.isEmpty()) {
                return httpSession;
            }
            // flushed through the core API (CloakroomSessions.current(request).flush()): as invalidated
            httpSession.markInvalidated();
        }
        // a read, as in Django: it loads the session (dropping an unknown key) and makes the response vary
        // a refused signed cookie stays the key (Django keeps it too) but names no session
        boolean exists = !session.keys().isEmpty() || (session.getSessionKey() != null && !session.isKeyRefused());
        if (!exists && !create) {
            return null;
        }
        boolean isNew = !requestedSessionIdValid();
        httpSession = new CloakroomHttpSession(this, servletContext, isNew);
        if (!exists) {
            httpSession.markCreated();
        }
        return httpSession;
    }

    /** Whether the cookie the request sent names the session this request is using. */
    boolean requestedSessionIdValid() {
        if (requestedSessionId == null) {
            return false;
        }
        session.keys();
        return !session.isKeyRefused() && requestedSessionId.equals(session.getSessionKey());
    }

    // ---- the end of the request ---------------------------------------------------------------------

    /**
     * Runs the lifecycle's close and writes its headers onto {@code response}, once. Called by the response
     * wrapper just before anything commits the response, and by the filter after the chain.
     *
     * @throws SessionInterruptedException when a concurrent request deleted the session; the response
     *         has then been answered with 400 if it was still possible
     */
    void close(HttpServletResponse response, int status) {
        if (closed) {
            return;
        }
        closed = true;
        if (response.isCommitted()) {
            LOG.warn("The response was committed before Cloakroom could write the session cookie; "
                    + "session changes of this request are saved, but the cookie was not sent");
        }
        if (httpSession != null && !httpSession.isInvalidated()) {
            httpSession.recordAccess(status);
        }
        try {
            decision = lifecycle.close(session, requestHadCookie, status);
        } catch (SessionInterruptedException e) {
            answerBadRequest(response);
            throw e;
        } catch (RuntimeException e) {
            // the caller (a write, a flush, the filter) must not let the response succeed now: the wrapper
            // drops the application's output from here on and the filter answers with an error
            saveFailure = e;
            throw e;
        }
        apply(response);
    }

    /**
     * The contract for a session that could not be stored: the client is never told the request
     * succeeded. Before the response commits (the usual case: the session is saved before the first byte
     * leaves) the response is reset and answered with 413 for a session too large to store and 500
     * otherwise, carrying no text of the failure. After it committed the headers and part of the body may
     * be on their way; then this returns false and the caller lets the failure escape so that the
     * container aborts the response (a truncated chunked body or a closed connection, never a clean end).
     *
     * @return whether the error answer replaced the response
     */
    boolean answerSaveFailure(HttpServletResponse response, RuntimeException failure) {
        if (saveFailure == null) {
            saveFailure = failure;
        }
        closed = true;
        if (response.isCommitted()) {
            LOG.error("The session could not be saved after the response was committed; aborting the response "
                    + "so the client does not take it for a success", failure);
            return false;
        }
        LOG.error("The session could not be saved; answering {} instead of the application's response",
                errorStatus(failure), failure);
        try {
            response.reset();
            response.sendError(errorStatus(failure));
            return true;
        } catch (java.io.IOException | IllegalStateException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    /** The failure that stopped the session from being stored, or null. */
    RuntimeException saveFailure() {
        return saveFailure;
    }

    private static int errorStatus(RuntimeException failure) {
        return failure instanceof SessionTooLargeException ? HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE
                : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }

    /** Answers 400 Bad Request (Django's {@code SessionInterrupted}), unless the response is already out. */
    void answerBadRequest(HttpServletResponse response) {
        closed = true;
        answeredBadRequest = true;
        if (response.isCommitted()) {
            LOG.warn("{} (the response was already committed; status {} stands)",
                    SessionInterruptedException.MESSAGE, response.getStatus());
            return;
        }
        try {
            response.reset();
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        } catch (java.io.IOException | IllegalStateException e) {
            LOG.warn("Could not answer 400 for an interrupted session", e);
        }
    }

    /** Writes the decided headers again, after the application reset a response that had not committed. */
    void reapply(HttpServletResponse response) {
        if (decision != null && !response.isCommitted()) {
            apply(response);
        }
    }

    /**
     * After an early close (the response committed while the application was still running), saves what
     * the application changed afterwards. The cookie is already on its way, so a changed key cannot reach
     * the client; that is logged.
     *
     * @throws SessionNotSavedException when the session has no key the client knows, so the changes
     *         cannot be kept
     * @throws RuntimeException whatever the save threw; the caller aborts the response
     */
    void saveLateChanges(int status) {
        if (answeredBadRequest || status >= 500 || session.changedKeys().isEmpty()) {
            return;
        }
        if (session.getSessionKey() == null) {
            // saving would create a record no cookie points to
            saveFailure = new SessionNotSavedException("Session changes to " + session.changedKeys()
                    + " made after the response committed were dropped: the session has no key the client "
                    + "knows, and its cookie can no longer be sent");
            throw saveFailure;
        }
        String sentKey = decision == null || decision.action() != CookieDecision.Action.SET ? requestedSessionId
                : decision.cookie().map(c -> c.value()).orElse(null);
        try {
            session.save();
        } catch (SessionInterruptedException e) {
            LOG.warn("Session changes made after the response committed were not saved: {}", e.getMessage());
            return;
        } catch (RuntimeException e) {
            saveFailure = e;
            throw e;
        }
        if (!session.getSessionKey().equals(sentKey)) {
            LOG.warn("The session key changed after the response committed; the client keeps the old cookie");
        }
    }

    /**
     * Writes Vary again for an error dispatch: Jetty removes it with the content headers before it renders
     * an error (keeping Set-Cookie), although the error response still depends on the session cookie.
     */
    void reapplyVary(HttpServletResponse response) {
        if (decision != null && decision.varyCookie()) {
            String existing = String.join(", ", response.getHeaders("Vary"));
            response.setHeader("Vary", VaryHeader.patch(existing, "Cookie"));
        }
    }

    private void apply(HttpServletResponse response) {
        decision.setCookieHeader().ifPresent(header -> response.addHeader("Set-Cookie", header));
        reapplyVary(response);
    }
}
