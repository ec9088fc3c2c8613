package dev.cloakroom.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloakroom's settings as Spring properties under {@code cloakroom}: each property is the Django setting of the
 * same name in kebab case ({@code cloakroom.session-cookie-age} is {@code SESSION_COOKIE_AGE}), bound with
 * Spring's relaxed rules, so {@code cloakroom.sessionCookieAge} and the environment variable
 * {@code CLOAKROOM_SESSION_COOKIE_AGE} mean the same. A property left unset (null) falls through to the Django
 * name in the system properties, the environment and {@code cloakroom.properties}, then to Django's default;
 * a property that is set wins over all of them. Values are read as Cloakroom reads a settings file and are
 * checked when the application starts.
 *
 * <p>Only {@link #isMigrate() migrate} is no Django setting: it belongs to the start-up of this integration.
 */
@ConfigurationProperties(prefix = CloakroomProperties.PREFIX)
public class CloakroomProperties {
    /** The prefix of every property of this class. */
    public static final String PREFIX = "cloakroom";

    /**
     * SESSION_ENGINE: where sessions are kept: db, cached_db, cache, file or signed_cookies (or Django's module
     * name, django.contrib.sessions.backends.db, ...). Default db.
     */
    private String sessionEngine;

    /** SESSION_COOKIE_AGE: the lifetime of a session and of its cookie, in seconds. Default 1209600 (two weeks). */
    private Long sessionCookieAge;

    /** SESSION_COOKIE_NAME: the name of the session cookie. Default sessionid. */
    private String sessionCookieName;

    /** SESSION_COOKIE_DOMAIN: the Domain attribute of the cookie; unset (None) for a host-only cookie. */
    private String sessionCookieDomain;

    /** SESSION_COOKIE_PATH: the Path attribute of the cookie. Default /. */
    private String sessionCookiePath;

    /** SESSION_COOKIE_SECURE: whether the cookie carries Secure (sent over HTTPS only). Default False. */
    private Boolean sessionCookieSecure;

    /**
     * SESSION_COOKIE_PARTITIONED: whether the cookie carries Partitioned (one copy per top-level site when
     * embedded cross-site); requires session-cookie-secure. Default False.
     */
    private Boolean sessionCookiePartitioned;

    /** SESSION_COOKIE_HTTPONLY: whether the cookie carries HttpOnly (hidden from scripts). Default True. */
    private Boolean sessionCookieHttponly;

    /** SESSION_COOKIE_SAMESITE: Strict, Lax, None, or False to leave the attribute out. Default Lax. */
    private String sessionCookieSamesite;

    /** SESSION_EXPIRE_AT_BROWSER_CLOSE: whether the cookie is a browser-session cookie. Default False. */
    private Boolean sessionExpireAtBrowserClose;

    /** SESSION_SAVE_EVERY_REQUEST: whether every request saves the session, changed or not. Default False. */
    private Boolean sessionSaveEveryRequest;

    /** SESSION_CACHE_ALIAS: the cache alias the cache and cached_db engines use. Default default. */
    private String sessionCacheAlias;

    /** SESSION_CACHE_BREAKER_FAILURES: failed cache calls in a row that open the cache's circuit breaker; 0 turns it off. Default 3. */
    private Integer sessionCacheBreakerFailures;

    /** SESSION_CACHE_BREAKER_SLOW_FAILURE: seconds after which one failed cache call opens the breaker at once. Default 0.5. */
    private String sessionCacheBreakerSlowFailure;

    /** SESSION_CACHE_BREAKER_RETRY: seconds an open breaker skips the cache before a probe tries it again. Default 1. */
    private String sessionCacheBreakerRetry;

    /** SESSION_FILE_PATH: the directory of the file engine; unset for the system temporary directory. */
    private String sessionFilePath;

    /** SESSION_SERIALIZER: json (Django's JSONSerializer, the default) or java. */
    private String sessionSerializer;

    /** SESSION_SERIALIZER_ALLOWED_CLASSES: the classes the java serializer may read; required with java. */
    private List<String> sessionSerializerAllowedClasses;

    /** SESSION_ACCEPT_LEGACY_FORMATS: also read (never write) the formats Django 3.2 still reads. Default True. */
    private Boolean sessionAcceptLegacyFormats;

    /**
     * SESSION_MAX_SIZE: the most bytes a session may take, as stored and before compression; a larger save fails
     * and stores nothing. Default 262144 (256 KiB); 0 for no limit. Django has none.
     */
    private Long sessionMaxSize;

    /**
     * SESSION_ABSOLUTE_AGE: seconds after its creation (or its last key cycle, at login) a session expires however
     * recently it was used. Default 0: off. Django has none.
     */
    private Long sessionAbsoluteAge;

    /**
     * SESSION_TRUSTED_TYPES: classes and packages (com.example.shop.*) whose objects are stored with their class
     * and come back as themselves. The application's own packages are trusted as well unless
     * cloakroom.trust-application-packages is false.
     */
    private List<String> sessionTrustedTypes;

    /**
     * Whether objects of the application's own packages (those of its @SpringBootApplication class) come back
     * from the session as themselves, with no setting. Default true.
     */
    private boolean trustApplicationPackages = true;

    /** SECRET_KEY: the key every engine signs session data with. Required; share it with Django to share sessions. */
    private String secretKey;

    /** SECRET_KEY_FALLBACKS: former keys, accepted when verifying, never used to sign. Default empty. */
    private List<String> secretKeyFallbacks;

    /** USE_TZ: whether expiry dates are written time-zone aware, as Django's USE_TZ. Default True. */
    private Boolean useTz;

    /** TIME_ZONE: the zone of naive expiry dates when USE_TZ is False. Default America/Chicago. */
    private String timeZone;

    /**
     * DATABASE_URL: the JDBC URL of the session database of the db and cached_db engines. When unset and the
     * application has a DataSource bean, that DataSource is used; else jdbc:sqlite:cloakroom.sqlite3.
     */
    private String databaseUrl;

    /** DATABASE_USER: the user for DATABASE_URL. */
    private String databaseUser;

    /** DATABASE_PASSWORD: the password for DATABASE_URL. */
    private String databasePassword;

    /** DATABASE_TABLE: the session table. Default django_session. */
    private String databaseTable;

    /** DATABASE_CONNECT_TIMEOUT: seconds to wait for a connection to DATABASE_URL. Default 5. */
    private Long databaseConnectTimeout;

    /** DATABASE_POOL_SIZE: connections in the pool Cloakroom opens for DATABASE_URL. Default 10. */
    private Integer databasePoolSize;

    /**
     * CACHE_DEFAULT_URL: the cache of alias default: local: (in-process, the default) or redis://... When unset
     * with the cache or cached_db engine, the spring.data.redis.* connection is used if one is configured.
     */
    private String cacheDefaultUrl;

    /** The caches of other aliases: cloakroom.cache-urls.sessions=redis://... is CACHE_SESSIONS_URL. */
    private Map<String, String> cacheUrls = new LinkedHashMap<>();

    /**
     * SESSION_CACHE_FORMAT: how the cache and cached_db engines keep sessions in the cache: cloakroom (signed
     * entries, the default) or django (Django's pickled session dicts under Django's keys, shared with a Django
     * service on the same cache; such entries are not signed).
     */
    private String sessionCacheFormat;

    /**
     * CACHES_DEFAULT_BACKEND: Django's CACHES['default']['BACKEND']: django_redis.cache.RedisCache,
     * django.core.cache.backends.redis.RedisCache, django.core.cache.backends.memcached.PyMemcacheCache or
     * django.core.cache.backends.locmem.LocMemCache. Instead of CACHE_DEFAULT_URL.
     */
    private String cachesDefaultBackend;

    /** CACHES_DEFAULT_LOCATION: Django's LOCATION: a redis:// URL, or Memcached's host:port list. */
    private String cachesDefaultLocation;

    /** CACHES_DEFAULT_KEY_PREFIX: Django's KEY_PREFIX, the start of every key (KEY_PREFIX:VERSION:key). Default empty. */
    private String cachesDefaultKeyPrefix;

    /** CACHES_DEFAULT_VERSION: Django's VERSION, the middle of every key. Default 1. */
    private Long cachesDefaultVersion;

    /**
     * CACHES_DEFAULT_TIMEOUT: Django's TIMEOUT in seconds, or None. Default 300. Sessions do not use it: each entry
     * lives as long as its session, as in Django.
     */
    private String cachesDefaultTimeout;

    /**
     * The caches of other aliases by Django's names: cloakroom.caches.sessions.backend=... is
     * CACHES_SESSIONS_BACKEND (also location, key-prefix, version, timeout).
     */
    private Map<String, Map<String, String>> caches = new LinkedHashMap<>();

    /**
     * Whether the session table of the db and cached_db engines is created at start-up when missing (as
     * bin/cloakroom migrate does, recorded as Django's own migration). Default true.
     */
    private boolean migrate = true;

    public String getSessionEngine() { return sessionEngine; }
    public void setSessionEngine(String v) { sessionEngine = v; }
    public Long getSessionCookieAge() { return sessionCookieAge; }
    public void setSessionCookieAge(Long v) { sessionCookieAge = v; }
    public String getSessionCookieName() { return sessionCookieName; }
    public void setSessionCookieName(String v) { sessionCookieName = v; }
    public String getSessionCookieDomain() { return sessionCookieDomain; }
    public void setSessionCookieDomain(String v) { sessionCookieDomain = v; }
    public String getSessionCookiePath() { return sessionCookiePath; }
    public void setSessionCookiePath(String v) { sessionCookiePath = v; }
    public Boolean getSessionCookieSecure() { return sessionCookieSecure; }
    public void setSessionCookieSecure(Boolean v) { sessionCookieSecure = v; }
    public Boolean getSessionCookiePartitioned() { return sessionCookiePartitioned; }
    public void setSessionCookiePartitioned(Boolean v) { sessionCookiePartitioned = v; }
    public Boolean getSessionCookieHttponly() { return sessionCookieHttponly; }
    public void setSessionCookieHttponly(Boolean v) { sessionCookieHttponly = v; }
    public String getSessionCookieSamesite() { return sessionCookieSamesite; }
    public void setSessionCookieSamesite(String v) { sessionCookieSamesite = v; }
    public Boolean getSessionExpireAtBrowserClose() { return sessionExpireAtBrowserClose; }
    public void setSessionExpireAtBrowserClose(Boolean v) { sessionExpireAtBrowserClose = v; }
    public Boolean getSessionSaveEveryRequest() { return sessionSaveEveryRequest; }
    public void setSessionSaveEveryRequest(Boolean v) { sessionSaveEveryRequest = v; }
    public String getSessionCacheAlias() { return sessionCacheAlias; }
    public void setSessionCacheAlias(String v) { sessionCacheAlias = v; }
    public Integer getSessionCacheBreakerFailures() { return sessionCacheBreakerFailures; }
    public void setSessionCacheBreakerFailures(Integer v) { sessionCacheBreakerFailures = v; }
    public String getSessionCacheBreakerSlowFailure() { return sessionCacheBreakerSlowFailure; }
    public void setSessionCacheBreakerSlowFailure(String v) { sessionCacheBreakerSlowFailure = v; }
    public String getSessionCacheBreakerRetry() { return sessionCacheBreakerRetry; }
    public void setSessionCacheBreakerRetry(String v) { sessionCacheBreakerRetry = v; }
    public String getSessionFilePath() { return sessionFilePath; }
    public void setSessionFilePath(String v) { sessionFilePath = v; }
    public String getSessionSerializer() { return sessionSerializer; }
    public void setSessionSerializer(String v) { sessionSerializer = v; }
    public List<String> getSessionSerializerAllowedClasses() { return sessionSerializerAllowedClasses; }
    public void setSessionSerializerAllowedClasses(List<String> v) { sessionSerializerAllowedClasses = v; }
    public List<String> getSessionTrustedTypes() { return sessionTrustedTypes; }
    public void setSessionTrustedTypes(List<String> v) { sessionTrustedTypes = v; }
    public boolean isTrustApplicationPackages() { return trustApplicationPackages; }
    public void setTrustApplicationPackages(boolean v) { trustApplicationPackages = v; }
    public Long getSessionMaxSize() { return sessionMaxSize; }
    public void setSessionMaxSize(Long v) { sessionMaxSize = v; }
    public Long getSessionAbsoluteAge() { return sessionAbsoluteAge; }
    public void setSessionAbsoluteAge(Long v) { sessionAbsoluteAge = v; }
    public Boolean getSessionAcceptLegacyFormats() { return sessionAcceptLegacyFormats; }
    public void setSessionAcceptLegacyFormats(Boolean v) { sessionAcceptLegacyFormats = v; }
    public String getSecretKey() { return secretKey; }
    public void setSecretKey(String v) { secretKey = v; }
    public List<String> getSecretKeyFallbacks() { return secretKeyFallbacks; }
    public void setSecretKeyFallbacks(List<String> v) { secretKeyFallbacks = v; }
    public Boolean getUseTz() { return useTz; }
    public void setUseTz(Boolean v) { useTz = v; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String v) { timeZone = v; }
    public String getDatabaseUrl() { return databaseUrl; }
    public void setDatabaseUrl(String v) { databaseUrl = v; }
    public String getDatabaseUser() { return databaseUser; }
    public void setDatabaseUser(String v) { databaseUser = v; }
    public String getDatabasePassword() { return databasePassword; }
    public void setDatabasePassword(String v) { databasePassword = v; }
    public String getDatabaseTable() { return databaseTable; }
    public void setDatabaseTable(String v) { databaseTable = v; }
    public Long getDatabaseConnectTimeout() { return databaseConnectTimeout; }
    public void setDatabaseConnectTimeout(Long v) { databaseConnectTimeout = v; }
    public Integer getDatabasePoolSize() { return databasePoolSize; }
    public void setDatabasePoolSize(Integer v) { databasePoolSize = v; }
    public String getCacheDefaultUrl() { return cacheDefaultUrl; }
    public void setCacheDefaultUrl(String v) { cacheDefaultUrl = v; }
    public Map<String, String> getCacheUrls() { return cacheUrls; }
    public void setCacheUrls(Map<String, String> v) { cacheUrls = v; }
    public String getSessionCacheFormat() { return sessionCacheFormat; }
    public void setSessionCacheFormat(String v) { sessionCacheFormat = v; }
    public String getCachesDefaultBackend() { return cachesDefaultBackend; }
    public void setCachesDefaultBackend(String v) { cachesDefaultBackend = v; }
    public String getCachesDefaultLocation() { return cachesDefaultLocation; }
    public void setCachesDefaultLocation(String v) { cachesDefaultLocation = v; }
    public String getCachesDefaultKeyPrefix() { return cachesDefaultKeyPrefix; }
    public void setCachesDefaultKeyPrefix(String v) { cachesDefaultKeyPrefix = v; }
    public Long getCachesDefaultVersion() { return cachesDefaultVersion; }
    public void setCachesDefaultVersion(Long v) { cachesDefaultVersion = v; }
    public String getCachesDefaultTimeout() { return cachesDefaultTimeout; }
    public void setCachesDefaultTimeout(String v) { cachesDefaultTimeout = v; }
    public Map<String, Map<String, String>> getCaches() { return caches; }
    public void setCaches(Map<String, Map<String, String>> v) { caches = v; }
    public boolean isMigrate() { return migrate; }
    public void setMigrate(boolean v) { migrate = v; }
}
