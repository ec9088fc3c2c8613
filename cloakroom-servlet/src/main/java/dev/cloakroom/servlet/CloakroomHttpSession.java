package dev.cloakroom.servlet;

import dev.cloakroom.session.Session;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * {@link HttpSession} over the request's Cloakroom {@link Session}, so servlet code written against the
 * container's sessions runs unchanged:
 * <ul>
 *   <li>attributes are session keys; a value put in is the object itself for the rest of the request, and
 *       comes back in later requests as what JSON holds (maps, lists, strings, numbers, booleans): read
 *       objects with {@code CloakroomSessions.current(request).get(name, Type.class)};</li>
 *   <li>{@link #invalidate()} is {@code flush()} (the cookie is deleted), and
 *       {@code request.changeSessionId()} is {@code cycleKey()};</li>
 *   <li>the max inactive interval is the expiry age: setting it is {@code setExpiry(seconds)}; zero or a
 *       negative value, which means "never time out" to the servlet API, becomes {@code setExpiry(0)}, a
 *       session that ends when the browser closes, because no Django engine keeps a session forever;</li>
 *   <li>Django keeps no creation or access times, so this view keeps its own under underscored keys (the
 *       prefix Django reserves for frameworks): {@value #CREATED_KEY} is written when the session is
 *       created through {@code getSession()}, or the first time {@link #getCreationTime()} is asked of a
 *       session created elsewhere; {@value #LAST_ACCESS_KEY} is the start of the last request that saved the
 *       session, written only when the session is being saved anyway (recording every read would cost a
 *       write per request). These two keys are not listed among the attribute names.</li>
 * </ul>
 * Binding listeners ({@code HttpSessionBindingListener}) are not notified: values do not stay Java objects.
 */
final class CloakroomHttpSession implements HttpSession {
    /** Epoch milliseconds of the session's creation, as this view saw it. */
    static final String CREATED_KEY = "_cloakroom_created";
    /** Epoch milliseconds of the start of the last request that saved the session. */
    static final String LAST_ACCESS_KEY = "_cloakroom_last_access";

    private final RequestSession request;
    private final Session session;
    private final ServletContext servletContext;
    private final boolean isNew;
    private boolean invalidated;

    CloakroomHttpSession(RequestSession request, ServletContext servletContext, boolean isNew) {
        this.request = request;
        this.session = request.session();
        this.servletContext = servletContext;
        this.isNew = isNew;
    }

    boolean isInvalidated() {
        return invalidated;
    }

    /** The session was flushed behind this view's back; from now on it behaves as after {@link #invalidate()}. */
    void markInvalidated() {
        invalidated = true;
    }

    void markCreated() {
        session.put(CREATED_KEY, request.requestStart().toEpochMilli());
    }

    /** Stamps the access time when the session is about to be saved anyway. */
    void recordAccess(int status) {
        if (status < 500 && session.isModified() && !session.isEmpty() && session.contains(CREATED_KEY)) {
            session.put(LAST_ACCESS_KEY, request.requestStart().toEpochMilli());
        }
    }

    @Override
    public long getCreationTime() {
        requireValid("getCreationTime");
        Object created = session.get(CREATED_KEY);
        if (created instanceof Number millis) {
            return millis.longValue();
        }
        markCreated();
        return request.requestStart().toEpochMilli();
    }

    /**
     * The session key. A session created in this request has none until it is saved, so asking for the
     * id saves it now (as Django code calls {@code session.save()} to get a {@code session_key}).
     */
    @Override
    public String getId() {
        if (session.getSessionKey() == null && !invalidated) {
            session.save();
        }
        return session.getSessionKey();
    }

    @Override
    public long getLastAccessedTime() {
        requireValid("getLastAccessedTime");
        Object last = session.get(LAST_ACCESS_KEY);
        return last instanceof Number millis ? millis.longValue() : getCreationTime();
    }

    @Override
    public ServletContext getServletContext() {
        return servletContext;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        session.setExpiry(interval > 0 ? interval : 0);
    }

    @Override
    public int getMaxInactiveInterval() {
        long age = session.getExpiryAge();
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, age));
    }

    @Override
    public Object getAttribute(String name) {
        requireValid("getAttribute");
        return session.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        requireValid("getAttributeNames");
        List<String> names = new ArrayList<>(session.keys());
        names.remove(CREATED_KEY);
        names.remove(LAST_ACCESS_KEY);
        return Collections.enumeration(names);
    }

    /** Puts {@code value} under {@code name}; null removes it, as the servlet API says. */
    @Override
    public void setAttribute(String name, Object value) {
        requireValid("setAttribute");
        if (value == null) {
            removeAttribute(name);
        } else {
            session.put(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        requireValid("removeAttribute");
        session.pop(name, null);
    }

    /** Django's {@code flush()}: data and record are deleted and the response deletes the cookie. */
    @Override
    public void invalidate() {
        requireValid("invalidate");
        invalidated = true;
        session.flush();
    }

    @Override
    public boolean isNew() {
        requireValid("isNew");
        return isNew;
    }

    private void requireValid(String method) {
        if (invalidated) {
            throw new IllegalStateException(method + ": the session was invalidated");
        }
    }
}
