package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import static dev.cloakroom.settings.SettingNames.*;

/**
 * The start-up checks on a complete set of settings: combinations Django would reject (or fail on at the first
 * request), so that a bad deployment stops before it serves anyone. The first problem found is thrown.
 */
final class SettingsValidation {
    /** RFC 6265 cookie-name: an RFC 2616 token, i.e. visible ASCII without separators. */
    private static final String COOKIE_NAME_SEPARATORS = "()<>@,;:\\\"/[]?={}";
    /** Attribute names Python's http.cookies refuses as cookie names, so Django could never send them. */
    private static final Set<String> RESERVED_COOKIE_NAMES = Set.of("expires", "path", "comment", "domain",
            "max-age", "secure", "httponly", "version", "samesite");

    private SettingsValidation() {
    }

    static void validate(SessionSettings s) {
        if (s.secretKey() == null || s.secretKey().isEmpty()) {
            fail(SECRET_KEY, "must not be empty; every engine signs session data with it");
        }
        for (String fallback : s.secretKeyFallbacks()) {
            if (fallback.isEmpty()) {
                fail(SECRET_KEY_FALLBACKS, "must not contain an empty key");
            }
        }
        checkCookieName(s.cookieName());
        // Fails at start-up naming SESSION_TRUSTED_TYPES when an entry is no Java name.
        SessionValueTypes.fromSettings(s);
        if (s.cookieAge() < 0) {
            fail(SESSION_COOKIE_AGE, "must not be negative, got " + s.cookieAge());
        }
        if (s.cookieSameSite() == SameSite.NONE && !s.cookieSecure()) {
            fail(SESSION_COOKIE_SAMESITE, "None requires SESSION_COOKIE_SECURE=True; browsers drop "
                    + "SameSite=None cookies that are not Secure");
        }
        if (s.cookiePartitioned() && !s.cookieSecure()) {
            fail(SESSION_COOKIE_PARTITIONED, "True requires SESSION_COOKIE_SECURE=True; browsers drop "
                    + "Partitioned cookies that are not Secure");
        }
        checkAttributeValue(SESSION_COOKIE_DOMAIN, s.cookieDomain());
        checkAttributeValue(SESSION_COOKIE_PATH, s.cookiePath());
        if (s.engine().equals("file")) {
            checkFilePath(s.filePath());
        }
        if (s.cacheFormat() == SessionCacheFormat.DJANGO && s.serializer() != SerializerChoice.JSON) {
            fail(SESSION_CACHE_FORMAT, "django shares the session dict with Django, which needs SESSION_SERIALIZER=json;"
                    + " Django cannot read Java-serialized values");
        }
        for (String name : s.rawNames()) {
            CacheAlias.check(name, s.raw(name).orElseThrow());
        }
        CacheAlias.fromSettings(s, s.cacheAlias());
        if (s.maxSize() < 0) {
            fail(SESSION_MAX_SIZE, "must not be negative (0 or None for no limit), got " + s.maxSize());
        }
        if (s.absoluteAge() < 0) {
            fail(SESSION_ABSOLUTE_AGE, "must not be negative (0 or None for no limit), got " + s.absoluteAge());
        }
        if (s.serializer() == SerializerChoice.JAVA && s.serializerAllowedClasses().isEmpty()) {
            fail(SESSION_SERIALIZER_ALLOWED_CLASSES, "must list the classes the java serializer may read "
                    + "(comma-separated); reading any class would let a holder of SECRET_KEY run code");
        }
    }

    private static void checkCookieName(String name) {
        if (name.isEmpty()) {
            fail(SESSION_COOKIE_NAME, "must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || COOKIE_NAME_SEPARATORS.indexOf(c) >= 0) {
                fail(SESSION_COOKIE_NAME, "'" + name + "' contains '" + c + "'; a cookie name may hold only "
                        + "letters, digits and !#$%&'*+-.^_`|~");
            }
        }
        if (RESERVED_COOKIE_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            fail(SESSION_COOKIE_NAME, "'" + name + "' is a cookie attribute name and cannot name a cookie");
        }
    }

    /** A ';' or control character would end the attribute and let the value inject others into Set-Cookie. */
    private static void checkAttributeValue(String setting, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ';' || c < 0x20 || c == 0x7f) {
                fail(setting, "'" + value + "' contains a ';' or control character");
            }
        }
    }

    private static void checkFilePath(Path dir) {
        if (!Files.isDirectory(dir)) {
            fail(SESSION_FILE_PATH, "'" + dir + "' is not an existing directory; the file engine stores "
                    + "sessions there and does not create it");
        }
        if (!Files.isWritable(dir)) {
            fail(SESSION_FILE_PATH, "directory '" + dir + "' is not writable by this process");
        }
    }

    private static void fail(String setting, String problem) {
        throw new ImproperlyConfiguredException(setting, problem);
    }
}
