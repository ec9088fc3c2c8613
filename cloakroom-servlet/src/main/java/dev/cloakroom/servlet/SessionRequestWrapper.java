package dev.cloakroom.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/** The request as the application sees it: its HttpSession is the Cloakroom session. */
final class SessionRequestWrapper extends HttpServletRequestWrapper {
    private final RequestSession requestSession;
    private final SessionResponseWrapper response;

    SessionRequestWrapper(HttpServletRequest request, RequestSession requestSession, SessionResponseWrapper response) {
        super(request);
        this.requestSession = requestSession;
        this.response = response;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return requestSession.httpSession(create);
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    /** {@code cycleKey()}: same data, new key, old record deleted (call it on login against fixation). */
    @Override
    public String changeSessionId() {
        if (getSession(false) == null) {
            throw new IllegalStateException("changeSessionId: this request has no session");
        }
        requestSession.session().cycleKey();
        return requestSession.session().getSessionKey();
    }

    @Override
    public String getRequestedSessionId() {
        return requestSession.requestedSessionId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return requestSession.requestedSessionIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return requestSession.requestedSessionId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    /** Async processing keeps the wrapped response, so completing it still writes the cookie first. */
    @Override
    public AsyncContext startAsync() {
        return new SessionAsyncContext(super.startAsync(this, response), response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
        return new SessionAsyncContext(super.startAsync(request, servletResponse), response);
    }

    /** The same wrapping as {@link #startAsync()}, so {@code getAsyncContext().complete()} writes the cookie too. */
    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext context = super.getAsyncContext();
        return context instanceof SessionAsyncContext ? context : new SessionAsyncContext(context, response);
    }
}
