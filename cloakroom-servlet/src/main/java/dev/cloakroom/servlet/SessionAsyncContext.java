package dev.cloakroom.servlet;

import dev.cloakroom.SessionInterruptedException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/** The container's AsyncContext, except that {@link #complete()} first ends the session onto the response. */
final class SessionAsyncContext implements AsyncContext {
    private final AsyncContext delegate;
    private final SessionResponseWrapper response;

    SessionAsyncContext(AsyncContext delegate, SessionResponseWrapper response) {
        this.delegate = delegate;
        this.response = response;
    }

    @Override
    public void complete() {
        try {
            response.closeSession(response.getStatus());
        } catch (SessionInterruptedException answeredWith400) {
            // the response now carries the 400; completing sends it
        }
        delegate.complete();
    }

    @Override
    public ServletRequest getRequest() {
        return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
        delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        delegate.dispatch(context, path);
    }

    @Override
    public void start(Runnable run) {
        delegate.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse servletResponse) {
        delegate.addListener(listener, request, servletResponse);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        return delegate.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return delegate.getTimeout();
    }
}
