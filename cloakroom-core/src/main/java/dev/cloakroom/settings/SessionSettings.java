package dev.cloakroom.settings;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every SESSION_* setting under Django's name and default, plus SECRET_KEY, SECRET_KEY_FALLBACKS, USE_TZ
 * and TIME_ZONE; immutable, validated when built. Settings of other modules (DATABASE_URL, ...) are kept
 * as raw text and read with {@link #raw(String)}.
 *
 * TODO(settings helper): builder validation, raw settings, loader.
 */
public final class SessionSettings {
    private final String cacheAlias;
    private final long cookieAge;
    private final String cookieDomain;
    private final boolean cookieHttpOnly;
    private final String cookieName;
    private final String cookiePath;
    private final SameSite cookieSameSite;
    private final boolean cookieSecure;
    private final String engine;
    private final boolean expireAtBrowserClose;
    private final Path filePath;
    private final boolean saveEveryRequest;
    private final SerializerChoice serializer;
    private final List<String> serializerAllowedClasses;
    private final String secretKey;
    private final List<String> secretKeyFallbacks;
    private final boolean useTz;
    private final ZoneId timeZone;
    private final Map<String, String> raw;

    private SessionSettings(Builder b) {
        this.cacheAlias = b.cacheAlias;
        this.cookieAge = b.cookieAge;
        this.cookieDomain = b.cookieDomain;
        this.cookieHttpOnly = b.cookieHttpOnly;
        this.cookieName = b.cookieName;
        this.cookiePath = b.cookiePath;
        this.cookieSameSite = b.cookieSameSite;
        this.cookieSecure = b.cookieSecure;
        this.engine = b.engine;
        this.expireAtBrowserClose = b.expireAtBrowserClose;
        this.filePath = b.filePath;
        this.saveEveryRequest = b.saveEveryRequest;
        this.serializer = b.serializer;
        this.serializerAllowedClasses = List.copyOf(b.serializerAllowedClasses);
        this.secretKey = b.secretKey;
        this.secretKeyFallbacks = List.copyOf(b.secretKeyFallbacks);
        this.useTz = b.useTz;
        this.timeZone = b.timeZone;
        this.raw = Map.copyOf(b.raw);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** SESSION_CACHE_ALIAS, default {@code "default"}. */
    public String cacheAlias() { return cacheAlias; }
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
    /** SECRET_KEY: signs new data. */
    public String secretKey() { return secretKey; }
    /** SECRET_KEY_FALLBACKS: still accepted when verifying, never used to sign. */
    public List<String> secretKeyFallbacks() { return secretKeyFallbacks; }
    /** USE_TZ, default true. */
    public boolean useTz() { return useTz; }
    /** TIME_ZONE, default America/Chicago. */
    public ZoneId timeZone() { return timeZone; }

    /** A setting this class does not model (DATABASE_URL, SESSION_CACHE_URL, ...), as given. */
    public Optional<String> raw(String name) {
        return Optional.ofNullable(raw.get(name));
    }

    /** Builds settings from code; unset settings keep Django's defaults. */
    public static final class Builder {
        private String cacheAlias = "default";
        private long cookieAge = 1_209_600;
        private String cookieDomain;
        private boolean cookieHttpOnly = true;
        private String cookieName = "sessionid";
        private String cookiePath = "/";
        private SameSite cookieSameSite = SameSite.LAX;
        private boolean cookieSecure;
        private String engine = "db";
        private boolean expireAtBrowserClose;
        private Path filePath = Path.of(System.getProperty("java.io.tmpdir"));
        private boolean saveEveryRequest;
        private SerializerChoice serializer = SerializerChoice.JSON;
        private List<String> serializerAllowedClasses = List.of();
        private String secretKey;
        private List<String> secretKeyFallbacks = List.of();
        private boolean useTz = true;
        private ZoneId timeZone = ZoneId.of("America/Chicago");
        private final java.util.Map<String, String> raw = new java.util.HashMap<>();

        public Builder cacheAlias(String v) { cacheAlias = v; return this; }
        public Builder cookieAge(long v) { cookieAge = v; return this; }
        public Builder cookieDomain(String v) { cookieDomain = v; return this; }
        public Builder cookieHttpOnly(boolean v) { cookieHttpOnly = v; return this; }
        public Builder cookieName(String v) { cookieName = v; return this; }
        public Builder cookiePath(String v) { cookiePath = v; return this; }
        public Builder cookieSameSite(SameSite v) { cookieSameSite = v; return this; }
        public Builder cookieSecure(boolean v) { cookieSecure = v; return this; }
        public Builder engine(String v) { engine = v; return this; }
        public Builder expireAtBrowserClose(boolean v) { expireAtBrowserClose = v; return this; }
        public Builder filePath(Path v) { filePath = v; return this; }
        public Builder saveEveryRequest(boolean v) { saveEveryRequest = v; return this; }
        public Builder serializer(SerializerChoice v) { serializer = v; return this; }
        public Builder serializerAllowedClasses(List<String> v) { serializerAllowedClasses = v; return this; }
        public Builder secretKey(String v) { secretKey = v; return this; }
        public Builder secretKeyFallbacks(List<String> v) { secretKeyFallbacks = v; return this; }
        public Builder useTz(boolean v) { useTz = v; return this; }
        public Builder timeZone(ZoneId v) { timeZone = v; return this; }
        public Builder raw(String name, String value) { raw.put(name, value); return this; }

        public SessionSettings build() {
            return new SessionSettings(this);
        }
    }
}
