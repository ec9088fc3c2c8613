package dev.cloakroom.testkit;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.Session;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fixture and hooks of {@link SessionStoreContract}: one engine per test, built by the subclass from
 * settings carrying Django's test secret, running on a {@link MutableClock} that tests move instead of
 * sleeping. Like Django's {@code SessionTestsMixin.setUp}, every test starts with a fresh session without
 * a key in {@link #session}, and the session is deleted afterwards.
 *
 * <p>Hooks a subclass overrides:
 * <ul>
 *   <li>{@link #createEngine} (required) and {@link #settingsBuilder()} (to add the engine name and its
 *       settings, starting from {@code super.settingsBuilder()});</li>
 *   <li>{@link #rawStoredData} and {@link #corruptStoredData}: ground truth read and written behind the
 *       store's back; the defaults opt out and the tests that need them are skipped, saying so;</li>
 *   <li>{@link #sessionsExpireByThemselves()}: true for engines whose {@code clearExpired} has nothing to do
 *       (cache entries with a TTL, signed cookies);</li>
 *   <li>{@link #codecSalt()}: the salt the engine signs its data with.</li>
 * </ul>
 */
public abstract class SessionContractSupport {
    /** The SECRET_KEY of Django's own test settings. */
    public static final String SECRET_KEY = "django_tests_secret_key";
    /** Where the clock starts: the reference vectors' time, with microseconds as Django's clock has them. */
    public static final Instant START = Instant.parse("2023-11-14T22:13:20.123456Z");

    /** The test clock the engine runs on. */
    protected MutableClock clock;
    /** The settings {@link #engine} was built from. */
    protected SessionSettings settings;
    /** The engine under test. */
    protected SessionEngine engine;
    /** A fresh session without a key: Django's {@code self.session}. Deleted after each test. */
    protected Session session;

    private final List<SessionEngine> engines = new ArrayList<>();

    /** Builds the engine under test from {@code settings}, reading the time from {@code clock}. */
    protected abstract SessionEngine createEngine(SessionSettings settings, Clock clock);

    /**
     * The settings every test starts from: Django's defaults plus its test SECRET_KEY. Subclasses add the
     * engine and its settings: {@code return super.settingsBuilder().engine("file").filePath(dir);}
     */
    protected SessionSettings.Builder settingsBuilder() {
        return SessionSettings.builder().secretKey(SECRET_KEY);
    }

    /** Where the test clock starts. */
    protected Instant startInstant() {
        return START;
    }

    /** The key salt of the engine's data: Django's {@code SessionStore} salt unless overridden. */
    protected String codecSalt() {
        return SessionCodec.SESSION_STORE_SALT;
    }

    /** What the engine's stored {@code raw} data decodes to (Django's {@code session.decode}). */
    protected Map<String, Object> decodeStored(String raw) {
        return codec().decode(raw);
    }

    /** The codec the engine encodes its data with (Django's {@code session.encode/decode}). */
    protected SessionCodec codec() {
        return SessionCodec.fromSettings(settings, codecSalt(), clock);
    }

    /**
     * The encoded session data actually stored under {@code key}, read behind the store's back (the file's
     * content, the cache entry), or empty when nothing is stored there. Stores that offer no such view
     * do not override it; the tests that need ground truth are then skipped, saying so.
     */
    protected Optional<String> rawStoredData(String key) {
        return Optional.empty();
    }

    /**
     * Overwrites the record under {@code key} with garbage behind the store's back, as a disk error or a
     * foreign writer would. Return false when this store offers no way to (the default); the test that
     * needs it is then skipped.
     */
    protected boolean corruptStoredData(String key) {
        return false;
    }

    /**
     * True for engines whose sessions expire by themselves (cache entries carry a TTL, signed cookies their
     * timestamp), so that clearing expired sessions has nothing to do; false for those that must be purged.
     */
    protected boolean sessionsExpireByThemselves() {
        return false;
    }

    @BeforeEach
    void createEngineAndSession() {
        clock = new MutableClock(startInstant());
        settings = settingsBuilder().build();
        engine = engine(settings);
        session = engine.open(null);
    }

    @AfterEach
    void deleteSessionAndCloseEngines() {
        try {
            if (session != null) {
                session.delete();
            }
        } finally {
            for (int i = engines.size() - 1; i >= 0; i--) {
                engines.get(i).close();
            }
            engines.clear();
        }
    }

    /** Another engine on the same clock, closed after the test. */
    protected SessionEngine engine(SessionSettings otherSettings) {
        SessionEngine created = createEngine(otherSettings, clock);
        engines.add(created);
        return created;
    }

    /** A session for the cookie value {@code key}, as a new request would open it. */
    protected Session open(String key) {
        return engine.open(key);
    }

    /**
     * Saves {@link #session} and replaces it by the same session as the next request opens it, so its
     * accessed and modified flags are false again. Django's tests reset the flags by assignment; a Java
     * session has no setters for them, so a fresh request is the honest way to get there.
     */
    protected Session reopenWithFreshFlags() {
        session.save();
        session = open(session.getSessionKey());
        if (session.isAccessed() || session.isModified()) {
            throw new AssertionError("a freshly opened session must be neither accessed nor modified");
        }
        return session;
    }

    /**
     * {@code value} as a JSON value ({@link JsonValues#canonical}): data read back from a store carries the
     * codec's number types, so reloaded values are compared through this on both sides.
     */
    protected static Object json(Object value) {
        return JsonValues.canonical(value);
    }

    /** {@link #json} of a session's data. */
    protected static Map<String, Object> jsonMap(Map<String, ?> data) {
        return JsonValues.canonicalMap(data);
    }

    /** Skips the calling test unless the subclass reads raw stored data; returns what is stored. */
    protected String requireRawStoredData(String key) {
        Assumptions.assumeTrue(overrides("rawStoredData", String.class),
                "this store offers no way to read its data behind its back (rawStoredData not overridden)");
        return rawStoredData(key).orElseThrow(() -> new AssertionError("nothing is stored under " + key));
    }

    private boolean overrides(String method, Class<?>... parameterTypes) {
        for (Class<?> type = getClass(); type != SessionContractSupport.class; type = type.getSuperclass()) {
            try {
                type.getDeclaredMethod(method, parameterTypes);
                return true;
            } catch (NoSuchMethodException notHere) {
                // look further up
            }
        }
        return false;
    }
}
