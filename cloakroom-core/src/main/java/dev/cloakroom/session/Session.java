package dev.cloakroom.session;

import dev.cloakroom.SecurityLog;

import dev.cloakroom.store.SessionKeys;

import dev.cloakroom.MissingSessionKeyException;

import dev.cloakroom.SessionInterruptedException;

import tools.jackson.core.type.TypeReference;
import dev.cloakroom.codec.ValueConverter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One visitor's session: Django's {@code SessionBase} for Java. A dict-like object that loads itself
 * from its engine on first touch and records what this request changed, so that a concurrent request's
 * changes to other keys survive the save.
 *
 * <p>Flags follow Django exactly: {@linkplain #isAccessed() accessed} is set by any read or write of the
 * data (and by {@link #clear()}); {@linkplain #isModified() modified} by every mutation that changes or
 * may change the data ({@link #put} even with an equal value, {@link #update} even with nothing,
 * {@link #pop} and {@link #setDefault} only when they change something).
 *
 * <p>Values are what JSON holds (strings, numbers, booleans, null, lists, maps) or any Jackson-mappable
 * object; after a round trip an object comes back as a map, and {@link #get(String, Class)} maps it onto
 * its class again. Mutating a value in place (a list held in the session) does not mark the session
 * modified; put it again.
 *
 * <p>A Session belongs to one request and is not thread-safe.
 */
public final class Session {
    static final String TEST_COOKIE_NAME = "testcookie";
    static final String TEST_COOKIE_VALUE = "worked";

    private final String engineName;
    private final SessionPersistence persistence;
    private final ExpiryPolicy expiry;
    private final ValueConverter converter;

    private String sessionKey;
    /** Null until loaded: Django's missing {@code _session_cache}. */
    private Map<String, Object> cache;
    /** What the store held when this request loaded or last saved it; the conditional save compares to it. */
    private SessionPersistence.Loaded base;
    private boolean cleared;
    private final Set<String> touchedKeys = new LinkedHashSet<>();
    private boolean accessed;
    private boolean modified;
    private boolean keyRefused;

    /**
     * @param sessionKey the key the client presented (the cookie value), or null; a key shorter than 8
     *                   characters is treated as no key, as in Django
     */
    Session(String sessionKey, String engineName, SessionPersistence persistence, ExpiryPolicy expiry,
            ValueConverter converter) {
        this.engineName = engineName;
        this.persistence = persistence;
        this.expiry = expiry;
        this.converter = converter;
        this.sessionKey = SessionKeys.isAcceptable(sessionKey) ? sessionKey : null;
        if (sessionKey != null && !sessionKey.isEmpty() && this.sessionKey == null) {
            // Django drops such a key silently; it is still nothing a real cookie holds, so say so
            SecurityLog.suspiciousSession().warn("Session key rejected: shorter than 8 characters (length {})",
                    sessionKey.length());
        }
    }

    // ---- the dict -------------------------------------------------------------------------------------

    /** The value under {@code key}, or null. */
    public Object get(String key) {
        return data().get(key);
    }

    /** The value under {@code key}, or {@code defaultValue} when absent (Django's {@code get(k, default)}). */
    public Object getOrDefault(String key, Object defaultValue) {
        Map<String, Object> data = data();
        return data.containsKey(key) ? data.get(key) : defaultValue;
    }

    /** The value under {@code key} mapped onto {@code type}, or null when absent. */
    public <T> T get(String key, Class<T> type) {
        return converter.convert(get(key), type);
    }

    /** The value under {@code key} mapped onto a generic type such as {@code List<Item>}, or null. */
    public <T> T get(String key, TypeReference<T> type) {
        return converter.convert(get(key), type);
    }

    /**
     * The value under {@code key} (Django's {@code session[key]}).
     *
     * @throws MissingSessionKeyException when absent
     */
    public Object require(String key) {
        Map<String, Object> data = data();
        if (!data.containsKey(key)) {
            throw new MissingSessionKeyException(key);
        }
        return data.get(key);
    }

    /** Django's {@code session[key] = value}: always marks the session modified. */
    public void put(String key, Object value) {
        data().put(key, value);
        touch(key);
    }

    /**
     * Django's {@code del session[key]}.
     *
     * @return the removed value
     * @throws MissingSessionKeyException when absent (the session stays unmodified)
     */
    public Object remove(String key) {
        Map<String, Object> data = data();
        if (!data.containsKey(key)) {
            throw new MissingSessionKeyException(key);
        }
        Object value = data.remove(key);
        touch(key);
        return value;
    }

    /** Django's {@code key in session}. */
    public boolean contains(String key) {
        return data().containsKey(key);
    }

    /**
     * Removes and returns the value under {@code key}.
     *
     * @throws MissingSessionKeyException when absent
     */
    public Object pop(String key) {
        return remove(key);
    }

    /** Removes and returns the value under {@code key}, or returns {@code defaultValue} (unmodified) if absent. */
    public Object pop(String key, Object defaultValue) {
        Map<String, Object> data = data();
        if (!data.containsKey(key)) {
            return defaultValue;
        }
        return remove(key);
    }

    /** The value under {@code key}; if absent, stores {@code value} (marking the session modified) and returns it. */
    public Object setDefault(String key, Object value) {
        Map<String, Object> data = data();
        if (data.containsKey(key)) {
            return data.get(key);
        }
        put(key, value);
        return value;
    }

    /** Puts every entry of {@code values}; marks the session modified even when {@code values} is empty. */
    public void update(Map<String, ?> values) {
        Map<String, Object> data = data();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            data.put(entry.getKey(), entry.getValue());
            touchedKeys.add(entry.getKey());
        }
        modified = true;
    }

    /** A snapshot of the keys, in insertion order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(data().keySet()));
    }

    /** A snapshot of the values, in insertion order. */
    public Collection<Object> values() {
        return Collections.unmodifiableList(new ArrayList<>(data().values()));
    }

    /** A snapshot of the entries, in insertion order. */
    public List<Map.Entry<String, Object>> items() {
        List<Map.Entry<String, Object>> items = new ArrayList<>();
        data().forEach((key, value) -> items.add(new java.util.AbstractMap.SimpleImmutableEntry<>(key, value)));
        return Collections.unmodifiableList(items);
    }

    /** A copy of the whole data. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(data()));
    }

    /** Empties the session without loading it first; marks it accessed and modified. */
    public void clear() {
        cache = new LinkedHashMap<>();
        cleared = true;
        touchedKeys.clear();
        accessed = true;
        modified = true;
    }

    /**
     * Django's {@code is_empty()}: true when there is neither a key nor loaded data. Never loads: a session
     * with a key that was not yet loaded is not empty.
     */
    public boolean isEmpty() {
        if (sessionKey != null) {
            return false;
        }
        return cache == null || cache.isEmpty();
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    /** Deletes the data and the record and drops the key: logout. The middleware then deletes the cookie. */
    public void flush() {
        clear();
        delete();
        sessionKey = null;
        base = null;
    }

    /**
     * Keeps the data under a new key and deletes the old record: call it on login against session
     * fixation.
     */
    public void cycleKey() {
        Map<String, Object> data = data();
        String oldKey = sessionKey;
        adopt(persistence.create(data));
        modified = true;
        if (oldKey != null) {
            persistence.delete(oldKey);
        }
    }

    /**
     * Persists the session. A session without a (known) key is created under a fresh one; otherwise only
     * an existing record is updated, merged with changes other requests made meanwhile.
     *
     * @throws SessionInterruptedException when another request deleted the session meanwhile
     */
    public void save() {
        // Django's save() always evaluates the session data (directly, or through create()), so it marks the
        // session accessed; a view that saves to obtain a key thereby gets Vary: Cookie.
        accessed = true;
        if (sessionKey == null) {
            create();
            return;
        }
        Map<String, Object> data = data();
        if (sessionKey == null) {
            // the presented key turned out unknown while loading: never adopt it
            create();
            return;
        }
        adopt(persistence.save(sessionKey, base, data, new SessionPersistence.Changes(cleared, Set.copyOf(touchedKeys))));
        if (persistence.keyIsData()) {
            modified = true;
        }
    }

    /** Persists the current data as a new session under a fresh key (Django's {@code create()}). */
    public void create() {
        if (!persistence.keyIsData()) {
            // Django's server-side create() runs save(must_create=True), which reads the data; the
            // signed_cookies create() only sets modified.
            accessed = true;
        }
        Map<String, Object> data = cache == null ? new LinkedHashMap<>() : cache;
        adopt(persistence.create(data));
        modified = true;
    }

    /**
     * Deletes this session's record; the data held in this object stays. With signed cookies, where there
     * is no record, the session forgets its data and key instead, so the cookie gets deleted.
     */
    public void delete() {
        if (persistence.keyIsData()) {
            forgetCookieSession();
        } else if (sessionKey != null) {
            persistence.delete(sessionKey);
        }
    }

    /** Deletes the record under {@code key} (with signed cookies: forgets this session, as {@link #delete()}). */
    public void delete(String key) {
        if (persistence.keyIsData()) {
            forgetCookieSession();
        } else {
            persistence.delete(key);
        }
    }

    /** Whether a record exists under {@code key}. */
    public boolean exists(String key) {
        return persistence.exists(key);
    }

    /**
     * Django's {@code load()}: reads the record from the engine now, bypassing what this object holds,
     * and returns a copy of its data. An unknown key is dropped, as on any load.
     */
    public Map<String, Object> load() {
        SessionPersistence.Loaded loaded = sessionKey == null ? null : persistence.load(sessionKey);
        if (loaded == null) {
            sessionKey = null;
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(loaded.data());
    }

    // ---- expiry ---------------------------------------------------------------------------------------

    /** Sets this session's own expiry; {@link Expiry#GLOBAL_POLICY} removes it. */
    public void setExpiry(Expiry value) {
        Object stored = expiry.toStored(value);
        if (stored == null) {
            if (contains(ExpiryPolicy.EXPIRY_KEY)) {
                remove(ExpiryPolicy.EXPIRY_KEY);
            }
            return;
        }
        put(ExpiryPolicy.EXPIRY_KEY, stored);
    }

    /** Expires after {@code seconds} of inactivity; {@code 0} means at browser close. */
    public void setExpiry(long seconds) {
        setExpiry(Expiry.afterInactivity(seconds));
    }

    /** Expires at {@code instant}. */
    public void setExpiry(Instant instant) {
        setExpiry(Expiry.at(instant));
    }

    /** Expires {@code duration} from now. */
    public void setExpiry(Duration duration) {
        setExpiry(Expiry.after(duration));
    }

    /** This session's own expiry as stored, or {@link Expiry#GLOBAL_POLICY}. */
    public Expiry getExpiry() {
        return expiry.fromStored(get(ExpiryPolicy.EXPIRY_KEY));
    }

    /** Seconds until the session expires, counted from now. */
    public long getExpiryAge() {
        return getExpiryAge(expiry.now());
    }

    /** Seconds until the session expires, counted from its last {@code modification}. */
    public long getExpiryAge(Instant modification) {
        return expiry.expiryAge(getExpiry(), modification);
    }

    /** Seconds until expiry for the given expiry instead of the stored one; does not load the session. */
    public long getExpiryAge(Instant modification, Expiry customExpiry) {
        return expiry.expiryAge(customExpiry, modification);
    }

    /** When the session expires, if modified now. */
    public Instant getExpiryDate() {
        return getExpiryDate(expiry.now());
    }

    /** When the session expires, counted from its last {@code modification}. */
    public Instant getExpiryDate(Instant modification) {
        return expiry.expiryDate(getExpiry(), modification);
    }

    /** When a session with the given expiry expires; does not load the session. */
    public Instant getExpiryDate(Instant modification, Expiry customExpiry) {
        return expiry.expiryDate(customExpiry, modification);
    }

    /** SESSION_COOKIE_AGE in seconds. */
    public long getSessionCookieAge() {
        return expiry.cookieAgeSeconds();
    }

    /** Whether the cookie should last only until the browser closes. */
    public boolean getExpireAtBrowserClose() {
        return expiry.expireAtBrowserClose(getExpiry());
    }

    // ---- test cookie ----------------------------------------------------------------------------------

    public void setTestCookie() {
        put(TEST_COOKIE_NAME, TEST_COOKIE_VALUE);
    }

    public boolean testCookieWorked() {
        return TEST_COOKIE_VALUE.equals(get(TEST_COOKIE_NAME));
    }

    /** @throws MissingSessionKeyException when no test cookie was set */
    public void deleteTestCookie() {
        remove(TEST_COOKIE_NAME);
    }

    // ---- state ----------------------------------------------------------------------------------------

    /** The key (the cookie value), or null when there is none (yet). Read-only. */
    public String getSessionKey() {
        return sessionKey;
    }

    public boolean isAccessed() {
        return accessed;
    }

    public boolean isModified() {
        return modified;
    }

    /**
     * Whether the load refused the key this session was opened with, as the signed_cookies engine does
     * with a cookie failing its signature or age check: the session then starts empty and is reissued,
     * while {@link #getSessionKey()} still returns the refused text (as Django keeps it). False until
     * loaded, and again once the session has a key of its own (saved or flushed).
     */
    public boolean isKeyRefused() {
        return keyRefused;
    }

    /** Whether the data has been loaded (or replaced without loading, by {@link #clear()}). */
    public boolean isLoaded() {
        return cache != null;
    }

    /** The keys this request set or removed since the last save, in order. */
    public Set<String> changedKeys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(touchedKeys));
    }

    /** The engine's name ({@code db}, {@code file}, ...). */
    public String engineName() {
        return engineName;
    }

    // ---- internals ------------------------------------------------------------------------------------

    private Map<String, Object> data() {
        accessed = true;
        if (cache == null) {
            SessionPersistence.Loaded loaded = sessionKey == null ? null : persistence.load(sessionKey);
            if (loaded == null) {
                sessionKey = null;
                cache = new LinkedHashMap<>();
            } else {
                base = loaded;
                cache = new LinkedHashMap<>(loaded.data());
                modified |= loaded.reissue();
                keyRefused = loaded.reissue();
            }
        }
        return cache;
    }

    private void forgetCookieSession() {
        keyRefused = false;
        sessionKey = null;
        cache = new LinkedHashMap<>();
        base = null;
        cleared = true;
        touchedKeys.clear();
        modified = true;
    }

    private void touch(String key) {
        touchedKeys.add(key);
        modified = true;
    }

    private void adopt(SessionPersistence.Persisted persisted) {
        keyRefused = false;
        sessionKey = persisted.key();
        cache = new LinkedHashMap<>(persisted.data());
        base = persisted.asLoaded();
        cleared = false;
        touchedKeys.clear();
    }
}
