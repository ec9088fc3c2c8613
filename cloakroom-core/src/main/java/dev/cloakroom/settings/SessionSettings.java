package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import static dev.cloakroom.settings.SettingNames.*;

/**
 * Every SESSION_* setting under Django's name and default, plus SECRET_KEY, SECRET_KEY_FALLBACKS, USE_TZ
 * and TIME_ZONE; immutable, validated when built. Settings of other modules (DATABASE_URL, ...) are kept
 * as raw text and read with {@link #raw(String)}. Build from code with {@link #builder()}, from text with
 * {@link Builder#set(String, String)}, or from files and the environment with {@link SettingsLoader}.
 */
public final class SessionSettings {
    private final String cacheAlias;
    private final SessionCacheFormat cacheFormat;
    private final CircuitBreakerPolicy cacheBreaker;
    private final long cookieAge;
    private final String cookieDomain;
    private final boolean cookieHttpOnly;
    private final String cookieName;
    private final String cookiePath;
    private final SameSite cookieSameSite;
    private final boolean cookieSecure;
    private final boolean cookiePartitioned;
    private final String engine;
    private final boolean expireAtBrowserClose;
    private final Path filePath;
    private final boolean saveEveryRequest;
    private final SerializerChoice serializer;
    private final List<String> serializerAllowedClasses;
    private final List<String> trustedTypes;
    private final boolean acceptLegacyFormats;
    private final String secretKey;
    private final List<String> secretKeyFallbacks;
    private final boolean useTz;
    private final ZoneId timeZone;
    // Limits
    private final long maxSize;
    private final long absoluteAge;
    private final Map<String, String> raw;

    private SessionSettings(Builder b) {
        this.cacheAlias = required(SESSION_CACHE_ALIAS, b.cacheAlias);
        this.cacheFormat = required(SESSION_CACHE_FORMAT, b.cacheFormat);
        this.cacheBreaker = required(SESSION_CACHE_BREAKER_FAILURES, b.cacheBreaker);
        this.cookieAge = b.cookieAge;
        // Python's http.cookies leaves out an empty Domain attribute, so '' means a host-only cookie as None does.
        this.cookieDomain = b.cookieDomain == null || b.cookieDomain.isEmpty() ? null : b.cookieDomain;
        this.cookieHttpOnly = b.cookieHttpOnly;
        this.cookieName = required(SESSION_COOKIE_NAME, b.cookieName);
        this.cookiePath = required(SESSION_COOKIE_PATH, b.cookiePath);
        this.cookieSameSite = required(SESSION_COOKIE_SAMESITE, b.cookieSameSite);
        this.cookieSecure = b.cookieSecure;
        this.cookiePartitioned = b.cookiePartitioned;
        this.engine = SettingValues.normaliseEngine(SESSION_ENGINE, required(SESSION_ENGINE, b.engine));
        this.expireAtBrowserClose = b.expireAtBrowserClose;
        this.filePath = b.filePath == null ? temporaryDirectory() : b.filePath;
        this.saveEveryRequest = b.saveEveryRequest;
        this.serializer = required(SESSION_SERIALIZER, b.serializer);
        this.serializerAllowedClasses = List.copyOf(
                required(SESSION_SERIALIZER_ALLOWED_CLASSES, b.serializerAllowedClasses));
        this.trustedTypes = List.copyOf(required(SESSION_TRUSTED_TYPES, b.trustedTypes));
        this.acceptLegacyFormats = b.acceptLegacyFormats;
        this.secretKey = b.secretKey;
        this.secretKeyFallbacks = List.copyOf(required(SECRET_KEY_FALLBACKS, b.secretKeyFallbacks));
        this.useTz = b.useTz;
        this.timeZone = required(TIME_ZONE, b.timeZone);
        this.maxSize = b.maxSize;
        this.absoluteAge = b.absoluteAge;
        this.raw = Map.copyOf(b.raw);
    }

    private static <T> T required(String setting, T value) {
        if (value == null) {
            throw new ImproperlyConfiguredException(setting, "must be set (it has a default; do not set it to null)");
        }
        return value;
    }

    private static Path temporaryDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** SESSION_CACHE_ALIAS, default {@code "default"}. */
    public String cacheAlias() { return cacheAlias; }
    /**
     * SESSION_CACHE_FORMAT, default {@link SessionCacheFormat#CLOAKROOM} (Cloakroom's own): how the cache and
     * cached_db engines keep sessions in the cache; {@link SessionCacheFormat#DJANGO} shares them with Django.
     */
    public SessionCacheFormat cacheFormat() { return cacheFormat; }
    /**
     * SESSION_CACHE_BREAKER_FAILURES (default 3; 0 turns the breaker off), SESSION_CACHE_BREAKER_SLOW_FAILURE
     * (default 0.5 s) and SESSION_CACHE_BREAKER_RETRY (default 1 s): the circuit breaker in front of every cache
     * the core connects (Cloakroom only).
     */
    public CircuitBreakerPolicy cacheBreaker() { return cacheBreaker; }
    /** SESSION_COOKIE_AGE in seconds, default 1209600 (two weeks). */
    public long cookieAge() { return cookieAge; }
    /** SESSION_COOKIE_DOMAIN, default null (a host-only cookie). */
    public String cookieDomain() { return cookieDomain; }
    /** SESSION_COOKIE_HTTPONLY, default true. */
    public boolean cookieHttpOnly() { return cookieHttpOnly; }
    /** SESSION_COOKIE_NAME, default {@code "sessionid"}. */
    public String cookieName() { return cookieName; }
    /** SESSION_COOKIE_PATH, default {@code "/"}. */
    public String cookiePath() { return cookiePath; }
    /** SESSION_COOKIE_SAMESITE, default Lax. */
    public SameSite cookieSameSite() { return cookieSameSite; }
    /** SESSION_COOKIE_SECURE, default false. */
    public boolean cookieSecure() { return cookieSecure; }
    /**
     * SESSION_COOKIE_PARTITIONED, default false: the cookie carries {@code Partitioned} (CHIPS), so a browser
     * keeps a separate copy per top-level site when the application is embedded in another site's frame.
     * Requires SESSION_COOKIE_SECURE.
     */
    public boolean cookiePartitioned() { return cookiePartitioned; }
    /**
     * SESSION_ENGINE normalised to {@code db}, {@code file}, {@code cache}, {@code cached_db},
     * {@code signed_cookies}, or a class name; default {@code db}.
     */
    public String engine() { return engine; }
    /** SESSION_EXPIRE_AT_BROWSER_CLOSE, default false. */
    public boolean expireAtBrowserClose() { return expireAtBrowserClose; }
    /** SESSION_FILE_PATH, default the system temporary directory. */
    public Path filePath() { return filePath; }
    /** SESSION_SAVE_EVERY_REQUEST, default false. */
    public boolean saveEveryRequest() { return saveEveryRequest; }
    /** SESSION_SERIALIZER, default JSON. */
    public SerializerChoice serializer() { return serializer; }
    /** SESSION_SERIALIZER_ALLOWED_CLASSES: the classes the Java serializer may read. */
    public List<String> serializerAllowedClasses() { return serializerAllowedClasses; }
    /**
     * SESSION_TRUSTED_TYPES, default empty (Cloakroom's own): class names and packages ({@code com.example.*})
     * whose objects the JSON serializer stores with their class and rebuilds on reading; see
     * {@link SessionValueTypes}.
     */
    public List<String> trustedTypes() { return trustedTypes; }
    /**
     * SESSION_ACCEPT_LEGACY_FORMATS, default true (Cloakroom's own; Django has none): also read, never write,
     * the session formats Django 3.2 still reads and 4.0 does not, namely data in the pre-3.1
     * {@code base64(hash:json)} format and values signed with HMAC-SHA1 (Django 3.1/3.2 under
     * {@code DEFAULT_HASHING_ALGORITHM = 'sha1'}). Turn it off once no such data is left.
     */
    public boolean acceptLegacyFormats() { return acceptLegacyFormats; }
    /** SECRET_KEY: signs new data. */
    public String secretKey() { return secretKey; }
    /** SECRET_KEY_FALLBACKS: still accepted when verifying, never used to sign. */
    public List<String> secretKeyFallbacks() { return secretKeyFallbacks; }
    /** USE_TZ, default true. */
    public boolean useTz() { return useTz; }
    /** TIME_ZONE, default America/Chicago. */
    public ZoneId timeZone() { return timeZone; }
    /**
     * SESSION_MAX_SIZE in bytes, default {@value Builder#DEFAULT_MAX_SIZE} (256 KiB; Cloakroom's own, Django has
     * no limit); 0 for none. A save whose session data exceeds it, before or after compression, fails with
     * {@link dev.cloakroom.SessionTooLargeException} and stores nothing, on every engine.
     */
    public long maxSize() { return maxSize; }
    /**
     * SESSION_ABSOLUTE_AGE in seconds, default 0: off (Cloakroom's own; Django has none). When set, a session
     * older than this since it was created (or its key last cycled, at login) is expired however recently it
     * was used, in addition to SESSION_COOKIE_AGE's idle expiry.
     */
    public long absoluteAge() { return absoluteAge; }

    /** A setting this class does not model (DATABASE_URL, SESSION_CACHE_URL, ...), as given. */
    public Optional<String> raw(String name) {
        return Optional.ofNullable(raw.get(name));
    }

    /** The names of the raw settings, sorted. */
    public SortedSet<String> rawNames() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(raw.keySet()));
    }

    /** A builder holding these settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .cacheAlias(cacheAlias).cacheFormat(cacheFormat).cacheBreaker(cacheBreaker)
                .cookieAge(cookieAge).cookieDomain(cookieDomain)
                .cookieHttpOnly(cookieHttpOnly).cookieName(cookieName).cookiePath(cookiePath)
                .cookieSameSite(cookieSameSite).cookieSecure(cookieSecure).cookiePartitioned(cookiePartitioned).engine(engine)
                .expireAtBrowserClose(expireAtBrowserClose).filePath(filePath).saveEveryRequest(saveEveryRequest)
                .serializer(serializer).serializerAllowedClasses(serializerAllowedClasses)
                .trustedTypes(trustedTypes).acceptLegacyFormats(acceptLegacyFormats).secretKey(secretKey)
                .secretKeyFallbacks(secretKeyFallbacks).useTz(useTz).timeZone(timeZone)
                .maxSize(maxSize).absoluteAge(absoluteAge);
        b.raw.putAll(raw);
        return b;
    }

    /**
     * Every setting with its value, for people to read: the modelled settings in {@link SettingNames#MODELLED}
     * order, then the raw ones sorted. Values are in the text form {@link Builder#set} reads (Python's True,
     * False and None), except secrets: SECRET_KEY and SECRET_KEY_FALLBACKS show as {@code <hidden>}, raw
     * settings named like secrets likewise, and passwords inside URLs are replaced by {@code <hidden>}.
     */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(SESSION_CACHE_ALIAS, cacheAlias);
        d.put(SESSION_CACHE_FORMAT, SettingValues.format(cacheFormat));
        d.put(SESSION_CACHE_BREAKER_FAILURES, Integer.toString(cacheBreaker.failures()));
        d.put(SESSION_CACHE_BREAKER_SLOW_FAILURE, SettingValues.formatSeconds(cacheBreaker.slowFailure()));
        d.put(SESSION_CACHE_BREAKER_RETRY, SettingValues.formatSeconds(cacheBreaker.retryAfter()));
        d.put(SESSION_COOKIE_AGE, Long.toString(cookieAge));
        d.put(SESSION_COOKIE_DOMAIN, cookieDomain == null ? "None" : cookieDomain);
        d.put(SESSION_COOKIE_HTTPONLY, SettingValues.format(cookieHttpOnly));
        d.put(SESSION_COOKIE_NAME, cookieName);
        d.put(SESSION_COOKIE_PATH, cookiePath);
        d.put(SESSION_COOKIE_SAMESITE, SettingValues.format(cookieSameSite));
        d.put(SESSION_COOKIE_SECURE, SettingValues.format(cookieSecure));
        d.put(SESSION_COOKIE_PARTITIONED, SettingValues.format(cookiePartitioned));
        d.put(SESSION_ENGINE, engine);
        d.put(SESSION_EXPIRE_AT_BROWSER_CLOSE, SettingValues.format(expireAtBrowserClose));
        d.put(SESSION_FILE_PATH, filePath.toString());
        d.put(SESSION_SAVE_EVERY_REQUEST, SettingValues.format(saveEveryRequest));
        d.put(SESSION_SERIALIZER, SettingValues.format(serializer));
        d.put(SESSION_SERIALIZER_ALLOWED_CLASSES, String.join(",", serializerAllowedClasses));
        d.put(SESSION_TRUSTED_TYPES, String.join(",", trustedTypes));
        d.put(SESSION_ACCEPT_LEGACY_FORMATS, SettingValues.format(acceptLegacyFormats));
        d.put(SECRET_KEY, SecretMasking.HIDDEN);
        d.put(SECRET_KEY_FALLBACKS, secretKeyFallbacks.isEmpty() ? "" : SecretMasking.HIDDEN);
        d.put(USE_TZ, SettingValues.format(useTz));
        d.put(TIME_ZONE, timeZone.getId());
        d.put(SESSION_MAX_SIZE, Long.toString(maxSize));
        d.put(SESSION_ABSOLUTE_AGE, absoluteAge == 0 ? "None" : Long.toString(absoluteAge));
        for (String name : rawNames()) {
            d.put(name, SecretMasking.mask(name, raw.get(name)));
        }
        return Collections.unmodifiableMap(d);
    }

    /** {@link #describe()} on one line; never shows a secret, so settings can be logged. */
    @Override
    public String toString() {
        return "SessionSettings" + describe();
    }

    /** Builds settings from code; unset settings keep Django's defaults. */
    public static final class Builder {
        private String cacheAlias = "default";
        private SessionCacheFormat cacheFormat = SessionCacheFormat.CLOAKROOM;
        private CircuitBreakerPolicy cacheBreaker = CircuitBreakerPolicy.DEFAULT;
        private long cookieAge = 1_209_600;
        private String cookieDomain;
        private boolean cookieHttpOnly = true;
        private String cookieName = "sessionid";
        private String cookiePath = "/";
        private SameSite cookieSameSite = SameSite.LAX;
        private boolean cookieSecure;
        private boolean cookiePartitioned;
        private String engine = "db";
        private boolean expireAtBrowserClose;
        private Path filePath = temporaryDirectory();
        private boolean saveEveryRequest;
        private SerializerChoice serializer = SerializerChoice.JSON;
        private List<String> serializerAllowedClasses = List.of();
        private List<String> trustedTypes = List.of();
        private boolean acceptLegacyFormats = true;
        private String secretKey;
        private List<String> secretKeyFallbacks = List.of();
        private boolean useTz = true;
        private ZoneId timeZone = ZoneId.of("America/Chicago");
        /**
         * 256 KiB: a hundred times what a typical session holds, small enough that a few thousand of them fit in
         * the local cache's default budget, and a thousand times less than what one client once filled a heap with.
         */
        public static final long DEFAULT_MAX_SIZE = 262_144;
        private long maxSize = DEFAULT_MAX_SIZE;
        private long absoluteAge;
        private final Map<String, String> raw = new HashMap<>();

        public Builder cacheAlias(String v) { cacheAlias = v; return this; }
        public Builder cacheFormat(SessionCacheFormat v) { cacheFormat = v; return this; }
        public Builder cacheBreaker(CircuitBreakerPolicy v) { cacheBreaker = v; return this; }
        public Builder cookieAge(long v) { cookieAge = v; return this; }
        public Builder cookieDomain(String v) { cookieDomain = v; return this; }
        public Builder cookieHttpOnly(boolean v) { cookieHttpOnly = v; return this; }
        public Builder cookieName(String v) { cookieName = v; return this; }
        public Builder cookiePath(String v) { cookiePath = v; return this; }
        public Builder cookieSameSite(SameSite v) { cookieSameSite = v; return this; }
        public Builder cookieSecure(boolean v) { cookieSecure = v; return this; }
        public Builder cookiePartitioned(boolean v) { cookiePartitioned = v; return this; }
        public Builder engine(String v) { engine = v; return this; }
        public Builder expireAtBrowserClose(boolean v) { expireAtBrowserClose = v; return this; }
        public Builder filePath(Path v) { filePath = v; return this; }
        public Builder saveEveryRequest(boolean v) { saveEveryRequest = v; return this; }
        public Builder serializer(SerializerChoice v) { serializer = v; return this; }
        public Builder serializerAllowedClasses(List<String> v) { serializerAllowedClasses = v; return this; }
        public Builder trustedTypes(List<String> v) { trustedTypes = v; return this; }
        public Builder acceptLegacyFormats(boolean v) { acceptLegacyFormats = v; return this; }
        public Builder secretKey(String v) { secretKey = v; return this; }
        public Builder secretKeyFallbacks(List<String> v) { secretKeyFallbacks = v; return this; }
        public Builder useTz(boolean v) { useTz = v; return this; }
        public Builder timeZone(ZoneId v) { timeZone = v; return this; }
        /** SESSION_MAX_SIZE in bytes; 0 for no limit. */
        public Builder maxSize(long v) { maxSize = v; return this; }
        /** SESSION_ABSOLUTE_AGE in seconds; 0 for none. */
        public Builder absoluteAge(long v) { absoluteAge = v; return this; }
        /** Sets a setting this class does not model; a null value removes it. */
        public Builder raw(String name, String value) {
            if (value == null) {
                raw.remove(name);
            } else {
                raw.put(name, value);
            }
            return this;
        }

        /**
         * Sets the setting Django calls {@code name} from its text, as a properties file or the environment gives
         * it; a name that is not modelled is kept as a raw setting. Booleans read true/false in any case, 1/0 and
         * yes/no; SESSION_COOKIE_SAMESITE reads Strict, Lax, None or False; SESSION_COOKIE_DOMAIN and
         * SESSION_FILE_PATH read None (or nothing) as unset; SESSION_CACHE_BREAKER_FAILURES is a whole number
         * from 0, the other two SESSION_CACHE_BREAKER_* settings positive seconds such as 1 or 0.25; the two lists are comma-separated; SECRET_KEY None
         * or empty leaves it unset.
         *
         * @throws ImproperlyConfiguredException naming the setting when the text is not a valid value
         */
        public Builder set(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, name);
            switch (name) {
                case SESSION_CACHE_ALIAS: return cacheAlias(value);
                case SESSION_CACHE_FORMAT: return cacheFormat(SettingValues.parseCacheFormat(name, value));
                case SESSION_CACHE_BREAKER_FAILURES:
                    return cacheBreaker(cacheBreaker.withFailures(SettingValues.parseCount(name, value)));
                case SESSION_CACHE_BREAKER_SLOW_FAILURE:
                    return cacheBreaker(cacheBreaker.withSlowFailure(SettingValues.parseSeconds(name, value)));
                case SESSION_CACHE_BREAKER_RETRY:
                    return cacheBreaker(cacheBreaker.withRetryAfter(SettingValues.parseSeconds(name, value)));
                case SESSION_COOKIE_AGE: return cookieAge(SettingValues.parseLong(name, value));
                case SESSION_COOKIE_DOMAIN: return cookieDomain(SettingValues.isNone(value) ? null : value);
                case SESSION_COOKIE_HTTPONLY: return cookieHttpOnly(SettingValues.parseBoolean(name, value));
                case SESSION_COOKIE_NAME: return cookieName(value);
                case SESSION_COOKIE_PATH: return cookiePath(value);
                case SESSION_COOKIE_SAMESITE: return cookieSameSite(SettingValues.parseSameSite(name, value));
                case SESSION_COOKIE_SECURE: return cookieSecure(SettingValues.parseBoolean(name, value));
                case SESSION_COOKIE_PARTITIONED: return cookiePartitioned(SettingValues.parseBoolean(name, value));
                case SESSION_ENGINE: return engine(SettingValues.normaliseEngine(name, value));
                case SESSION_EXPIRE_AT_BROWSER_CLOSE:
                    return expireAtBrowserClose(SettingValues.parseBoolean(name, value));
                case SESSION_FILE_PATH:
                    // Django uses SESSION_FILE_PATH "or tempfile.gettempdir()", so None and '' both mean the latter.
                    return filePath(SettingValues.isNone(value.trim()) ? null : Path.of(value));
                case SESSION_SAVE_EVERY_REQUEST: return saveEveryRequest(SettingValues.parseBoolean(name, value));
                case SESSION_SERIALIZER: return serializer(SettingValues.parseSerializer(name, value));
                case SESSION_SERIALIZER_ALLOWED_CLASSES:
                    return serializerAllowedClasses(SettingValues.parseList(value));
                case SESSION_TRUSTED_TYPES: return trustedTypes(SettingValues.parseList(value));
                case SESSION_ACCEPT_LEGACY_FORMATS:
                    return acceptLegacyFormats(SettingValues.parseBoolean(name, value));
                case SECRET_KEY: return secretKey(SettingValues.isNone(value) ? null : value);
                case SECRET_KEY_FALLBACKS: return secretKeyFallbacks(SettingValues.parseList(value));
                case USE_TZ: return useTz(SettingValues.parseBoolean(name, value));
                case TIME_ZONE: return timeZone(SettingValues.parseZone(name, value));
                case SESSION_MAX_SIZE: return maxSize(SettingValues.parseLongOrNone(name, value));
                case SESSION_ABSOLUTE_AGE: return absoluteAge(SettingValues.parseLongOrNone(name, value));
                default: return raw(CacheAlias.normalise(name), value);
            }
        }

        /**
         * The settings, checked as a whole: a missing SECRET_KEY, a negative SESSION_COOKIE_AGE, SameSite None
         * without Secure, a bad cookie name, a SESSION_FILE_PATH that is no writable directory (file engine only),
         * the java serializer without SESSION_SERIALIZER_ALLOWED_CLASSES, and an unknown engine are refused.
         *
         * @throws ImproperlyConfiguredException naming the first setting found wrong
         */
        public SessionSettings build() {
            SessionSettings settings = new SessionSettings(this);
            SettingsValidation.validate(settings);
            return settings;
        }
    }
}
