package dev.cloakroom.interop;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Map;

/**
 * The settings both sides are given: Django's settings.configure(...) and Cloakroom's SessionSettings, from one
 * place so that the two cannot drift apart.
 *
 * @param engine     Django's backend name: db, file or signed_cookies
 * @param secretKey  SECRET_KEY
 * @param useTz      USE_TZ
 * @param timeZone   TIME_ZONE, also the Django process's TZ
 * @param cookieAge  SESSION_COOKIE_AGE in seconds
 * @param database   Django's DATABASES["default"], or null
 * @param filePath   SESSION_FILE_PATH, or null
 * @param hashing    Django 3.2's DEFAULT_HASHING_ALGORITHM ({@code sha1} writes the legacy formats), or null
 * @param caches     Django's CACHES, or null for its default (a local-memory cache)
 */
record DjangoConfig(String engine, String secretKey, boolean useTz, String timeZone, long cookieAge,
        Map<String, Object> database, Path filePath, String hashing, Map<String, Object> caches) {
    static final String SECRET = "django-insecure-interop-shared-secret-0123456789";
    static final long TWO_WEEKS = 1_209_600;

    static DjangoConfig of(String engine) {
        return new DjangoConfig(engine, SECRET, true, "America/Chicago", TWO_WEEKS, null, null, null, null);
    }

    DjangoConfig withDatabase(Map<String, Object> django) {
        return new DjangoConfig(engine, secretKey, useTz, timeZone, cookieAge, django, filePath, hashing, caches);
    }

    DjangoConfig withSecretKey(String key) {
        return new DjangoConfig(engine, key, useTz, timeZone, cookieAge, database, filePath, hashing, caches);
    }

    DjangoConfig withNaiveTime(String zone) {
        return new DjangoConfig(engine, secretKey, false, zone, cookieAge, database, filePath, hashing, caches);
    }

    DjangoConfig withCookieAge(long seconds) {
        return new DjangoConfig(engine, secretKey, useTz, timeZone, seconds, database, filePath, hashing, caches);
    }

    DjangoConfig withFilePath(Path directory) {
        return new DjangoConfig(engine, secretKey, useTz, timeZone, cookieAge, database, directory, hashing, caches);
    }

    /** Django 3.2 writing the formats it wrote before 3.1: legacy session data, SHA-1 signatures. */
    DjangoConfig withSha1Hashing() {
        return new DjangoConfig(engine, secretKey, useTz, timeZone, cookieAge, database, filePath, "sha1", caches);
    }

    /** Django's CACHES for both sides' cache (Cloakroom reads the same names as CACHES_<ALIAS>_*). */
    DjangoConfig withCaches(Map<String, Object> django) {
        return new DjangoConfig(engine, secretKey, useTz, timeZone, cookieAge, database, filePath, hashing, django);
    }

    JsonNode toJson() {
        ObjectNode config = DjangoPeer.object()
                .put("engine", engine).put("secret_key", secretKey).put("use_tz", useTz)
                .put("time_zone", timeZone).put("cookie_age", cookieAge);
        if (database != null) {
            config.set("database", DjangoPeer.JSON.valueToTree(database));
        }
        if (filePath != null) {
            config.put("file_path", filePath.toString());
        }
        if (caches != null) {
            config.set("caches", DjangoPeer.JSON.valueToTree(caches));
        }
        if (hashing != null) {
            config.put("hashing_algorithm", hashing);
        }
        return config;
    }
}
