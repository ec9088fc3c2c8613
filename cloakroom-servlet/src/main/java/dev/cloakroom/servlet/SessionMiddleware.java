package dev.cloakroom.servlet;

import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.lifecycle.SessionLifecycle;
import dev.cloakroom.SessionInterruptedException;
import dev.cloakroom.settings.SessionSettings;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Django's {@code SessionMiddleware} as a Servlet 6 filter: put it in front of an application and every
 * request gets a lazy Cloakroom session, reachable through {@code request.getSession()},
 * {@link CloakroomSessions#current} or the request attribute {@link CloakroomSessions#ATTRIBUTE}.
 *
 * <p>The filter is a thin shell over {@link SessionLifecycle}, which holds the whole algorithm: it wraps
 * the request and response, runs the chain, and ends the session just before the response commits (or
 * after the chain, whichever comes first). An exception escaping the application counts as a 500: nothing
 * is saved. A session deleted meanwhile by a concurrent request is answered with 400 Bad Request.
 *
 * <p>A session that cannot be stored (the store or the codec throws while saving) never yields a success:
 * since the save runs before the response commits, the filter drops what the application wrote and answers
 * 413 for a {@link dev.cloakroom.SessionTooLargeException}, 500 for anything else, with no text of the
 * failure (it is logged at ERROR). Changes saved after the response committed (the application flushed,
 * then changed the session) that fail abort the response instead: the exception reaches the container,
 * which cuts the body short rather than ending it cleanly. The application sees the exception where its
 * write or flush set off the save, and can call {@code Session.save()} itself before writing to handle it.
 * A {@link dev.cloakroom.CloakroomException} the application lets escape (a store failing while loading)
 * is likewise answered with a bare 500 and logged: no Cloakroom message ever reaches a response.
 *
 * <p>Configure it in code ({@link #SessionMiddleware(SessionEngine)}; the caller owns and closes the engine)
 * or, when the container instantiates it, from init-params (see {@link InitParamSettings}); then the filter
 * builds the engine and closes it in {@link #destroy()}. Either way the cookie settings and the clock are the
 * engine's own, so the cookie the filter sends always matches what the engine stored.
 */
public class SessionMiddleware implements Filter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionMiddleware.class);
    /** Private request attribute holding the request's session while this filter handles it. */
    private static final String HANDLED = SessionMiddleware.class.getName() + ".handled";

    private SessionLifecycle lifecycle;
    private Clock clock;
    private SessionEngine ownedEngine;

    /** For containers: configured from init-params in {@link #init(FilterConfig)}. */
    public SessionMiddleware() {
    }

    /** Over an engine the caller built and will close; its settings and clock are the filter's. */
    public SessionMiddleware(SessionEngine engine) {
        this.lifecycle = new SessionLifecycle(engine);
        this.clock = engine.clock();
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (lifecycle != null) {
            return;
        }
        SessionSettings settings = InitParamSettings.load(config);
        ownedEngine = InitParamSettings.engine(settings);
        lifecycle = new SessionLifecycle(ownedEngine);
        clock = ownedEngine.clock();
    }

    /** The lifecycle this filter runs, for code that wants the same engine outside requests. */
    public SessionLifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        if (request.getAttribute(HANDLED) instanceof SessionResponseWrapper handling) {
            reenter(request, response, handling, chain);
            return;
        }
        if (lifecycle == null) {
            throw new ServletException(getClass().getSimpleName() + " was not initialised");
        }
        RequestSession requestSession = new RequestSession(lifecycle, cookieValues(request),
                clock.instant(), request.getServletContext());
        SessionResponseWrapper wrappedResponse = new SessionResponseWrapper(response, requestSession);
        SessionRequestWrapper wrappedRequest = new SessionRequestWrapper(request, requestSession, wrappedResponse);
        request.setAttribute(HANDLED, wrappedResponse);
        request.setAttribute(CloakroomSessions.ATTRIBUTE, requestSession.session());
        boolean closedEarly;
        try {
            chain.doFilter(wrappedRequest, wrappedResponse);
            if (requestSession.saveFailed()) {
                // the application caught the failure of a save its own write set off
                answerSaveFailure(requestSession, response, requestSession.saveFailure());
                return;
            }
            // an async request ends on another thread (possibly already): its late changes are that end's
            closedEarly = requestSession.isClosed() && !request.isAsyncStarted();
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new LateAsyncClose(wrappedResponse));
            } else {
                wrappedResponse.closeSession(response.getStatus());
            }
        } catch (SessionInterruptedException e) {
            if (!requestSession.answeredBadRequest()) {
                requestSession.answerBadRequest(response);
            }
            return;
        } catch (IOException | ServletException | RuntimeException | Error e) {
            // frameworks wrap what a handler throws (Spring: ServletException); an interrupted session
            // underneath is still Django's 400, and one we already answered needs no 500 on top
            if (requestSession.answeredBadRequest() || causedByInterruption(e)) {
                if (!requestSession.answeredBadRequest()) {
                    requestSession.answerBadRequest(response);
                }
                return;
            }
            if (requestSession.saveFailed()) {
                // e is the save's failure, or what the application threw after it: either way the session
                // was not stored, and the answer is ours, without the failure's text
                answerSaveFailure(requestSession, response, requestSession.saveFailure());
                return;
            }
            endFailedRequest(requestSession, wrappedResponse, e);
            if (answeredOwnFailure(response, e)) {
                return;
            }
            throw e;
        }
        if (closedEarly) {
            try {
                requestSession.saveLateChanges(response.getStatus());
            } catch (RuntimeException e) {
                answerSaveFailure(requestSession, response, e);
            }
        }
    }

    /**
     * A Cloakroom exception the application let escape (the store failed while loading, say) carries an
     * operator's message: a database path, a driver's error code. Containers print that message on their
     * error page, so the filter answers the 500 itself, without it, and logs the exception instead.
     * Anything else is the application's and goes to the container as it is.
     */
    private static boolean answeredOwnFailure(HttpServletResponse response, Throwable failure) {
        if (response.isCommitted() || cloakroomCause(failure) == null) {
            return false;
        }
        LOG.error("A session operation failed; answering 500", failure);
        try {
            response.reset();
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            return true;
        } catch (IOException | IllegalStateException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    private static dev.cloakroom.CloakroomException cloakroomCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.cloakroom.CloakroomException cloakroom) {
                return cloakroom;
            }
            if (cause.getCause() == cause) {
                return null;
            }
        }
        return null;
    }

    /**
     * Answers a failed save (see {@link RequestSession#answerSaveFailure}); when the response has committed,
     * rethrows the failure so the container aborts the response instead of ending it cleanly.
     */
    private static void answerSaveFailure(RequestSession requestSession, HttpServletResponse response,
            RuntimeException failure) {
        if (!requestSession.answerSaveFailure(response, failure)) {
            throw failure;
        }
    }

    /**
     * A second pass of the same request (an error page, a forward or async dispatch mapped to this filter):
     * the session is already open and ends with the first pass (a forward ends it when it returns: the
     * response is complete then); only make sure this pass sees it too, since containers dispatch error
     * pages with the unwrapped request.
     */
    private static void reenter(HttpServletRequest request, HttpServletResponse response,
            SessionResponseWrapper handling, FilterChain chain) throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            reenterAsync(request, response, handling, chain);
            return;
        }
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            // Jetty drops Vary (a content header to it) before rendering an error; the error response
            // still depends on the cookie
            handling.requestSession().reapplyVary((HttpServletResponse) handling.getResponse());
        }
        chain.doFilter(seeingTheSession(request, handling), response);
        if (request.getDispatcherType() == DispatcherType.FORWARD && !request.isAsyncStarted()) {
            // a forward ends the response when it returns, and Tomcat does so on its own response,
            // past every wrapper: the session must end now for its cookie to go out
            try {
                handling.closeSession(handling.getStatus());
            } catch (SessionInterruptedException answeredWith400) {
                // the response now carries the 400; the first pass sees that and saves nothing more
            }
        }
    }

    /**
     * An async dispatch (how Spring MVC resumes a Callable or DeferredResult) ends the request when it
     * returns without starting async again, and the container then completes the response on its own:
     * so the session ends here, while its headers can still be written.
     */
    private static void reenterAsync(HttpServletRequest request, HttpServletResponse response,
            SessionResponseWrapper handling, FilterChain chain) throws IOException, ServletException {
        RequestSession requestSession = handling.requestSession();
        try {
            chain.doFilter(seeingTheSession(request, handling), response);
        } catch (SessionInterruptedException e) {
            if (!requestSession.answeredBadRequest()) {
                requestSession.answerBadRequest((HttpServletResponse) handling.getResponse());
            }
            return;
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (requestSession.answeredBadRequest() || causedByInterruption(e)) {
                if (!requestSession.answeredBadRequest()) {
                    requestSession.answerBadRequest((HttpServletResponse) handling.getResponse());
                }
                return;
            }
            if (requestSession.saveFailed()) {
                answerSaveFailure(requestSession, (HttpServletResponse) handling.getResponse(),
                        requestSession.saveFailure());
                return;
            }
            endFailedRequest(requestSession, handling, e);
            if (answeredOwnFailure((HttpServletResponse) handling.getResponse(), e)) {
                return;
            }
            throw e;
        }
        if (requestSession.saveFailed()) {
            answerSaveFailure(requestSession, (HttpServletResponse) handling.getResponse(),
                    requestSession.saveFailure());
            return;
        }
        if (!request.isAsyncStarted()) {
            try {
                handling.endRequest(handling.getStatus());
            } catch (SessionInterruptedException answeredWith400) {
                // the response now carries the 400
            } catch (RuntimeException e) {
                answerSaveFailure(requestSession, (HttpServletResponse) handling.getResponse(), e);
            }
        }
    }

    private static HttpServletRequest seeingTheSession(HttpServletRequest request, SessionResponseWrapper handling) {
        if (request instanceof SessionRequestWrapper
                || (request instanceof ServletRequestWrapper wrapper && wrapper.isWrapperFor(SessionRequestWrapper.class))) {
            return request;
        }
        return new SessionRequestWrapper(request, handling.requestSession(), handling);
    }

    private static boolean causedByInterruption(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SessionInterruptedException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    /** The application failed: the container will answer 500, so end the session as on a 500. */
    private static void endFailedRequest(RequestSession requestSession, SessionResponseWrapper response,
            Throwable failure) {
        try {
            response.closeSession(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * For async requests the container completes without our {@code complete()} (timeouts, errors, async
     * dispatches): the headers are gone by then, but the session is still ended, so its changes are saved.
     */
    private static final class LateAsyncClose implements AsyncListener {
        private final SessionResponseWrapper response;

        LateAsyncClose(SessionResponseWrapper response) {
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            try {
                response.endRequest(response.getStatus());
            } catch (SessionInterruptedException tooLateFor400) {
                // already logged by the request's session; the response has been sent
            } catch (RuntimeException notSaved) {
                // the container completed the response on its own: all that is left is to say so loudly
                LOG.error("The session of a completed async request could not be saved", notSaved);
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** The values of every cookie named SESSION_COOKIE_NAME, in the order the request sent them. */
    private List<String> cookieValues(HttpServletRequest request) {
        return SessionCookieValues.of(request::getCookies, request.getHeaders("Cookie"), lifecycle.cookieName());
    }

    @Override
    public void destroy() {
        if (ownedEngine != null) {
            ownedEngine.close();
            ownedEngine = null;
        }
    }
}
