package dev.cloakroom.redis;

import dev.cloakroom.settings.ImproperlyConfiguredException;
import io.lettuce.core.RedisURI;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code CACHE_<ALIAS>_URL} for Redis:
 * {@code redis://[[user]:password@]host[:port][/db][?keyPrefix=...&timeout=...]}, or {@code rediss://} for TLS.
 *
 * <p>Options: {@code keyPrefix} is put in front of every key, so that several applications (or test runs) can
 * share one Redis database without seeing each other's entries, as Django's cache {@code KEY_PREFIX} does;
 * {@code timeout} (e.g. {@code 2s}, {@code 500ms}; default {@value #DEFAULT_TIMEOUT_TEXT}) bounds both
 * connecting and every command, so a Redis that is down or stuck fails a request quickly instead of hanging it.
 * Any other option is refused rather than silently ignored.
 *
 * <p>The password never appears in {@link #toString()} or in error messages.
 */
public final class RedisCacheUrl {
    /** The bound on connecting and on each command when the URL names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final String DEFAULT_TIMEOUT_TEXT = "2s";

    private static final String SETTING = "CACHE_<ALIAS>_URL";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");
    private static final Pattern USER_INFO = Pattern.compile("(rediss?://)([^@/?\\s]*)@");

    private final RedisURI uri;
    private final String keyPrefix;
    private final Duration timeout;
    private final String redacted;

    private RedisCacheUrl(RedisURI uri, String keyPrefix, Duration timeout, String redacted) {
        this.uri = uri;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.redacted = redacted;
    }

    /**
     * Parses {@code url}.
     *
     * @throws ImproperlyConfiguredException naming {@code CACHE_<ALIAS>_URL} when the URL is not a usable Redis URL
     */
    public static RedisCacheUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String shown = redact(url);
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new ImproperlyConfiguredException(SETTING, "'" + shown
                    + "' is not a Redis URL; expected redis://host:port/db or rediss://host:port/db");
        }
        int question = url.indexOf('?');
        String location = question < 0 ? url : url.substring(0, question);
        String keyPrefix = "";
        Duration timeout = DEFAULT_TIMEOUT;
        if (question >= 0) {
            for (String option : url.substring(question + 1).split("&")) {
                if (option.isEmpty()) {
                    continue;
                }
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(option.substring(equals + 1), StandardCharsets.UTF_8);
                if ("keyPrefix".equals(name) && equals > 0) {
                    keyPrefix = value;
                } else if ("timeout".equals(name) && equals > 0) {
                    timeout = parseTimeout(shown, value);
                } else {
                    throw new ImproperlyConfiguredException(SETTING, "'" + shown + "': unknown option '" + name
                            + "' (a Redis cache URL knows keyPrefix=... and timeout=..., e.g. timeout=2s)");
                }
            }
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(location);
        } catch (RuntimeException malformed) {
            throw new ImproperlyConfiguredException(SETTING, "'" + shown + "' is not a valid Redis URL ("
                    + redact(String.valueOf(malformed.getMessage()))
                    + "); expected redis://[:password@]host[:port][/db]");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ImproperlyConfiguredException(SETTING, "'" + shown + "' names no host");
        }
        uri.setTimeout(timeout);
        return new RedisCacheUrl(uri, keyPrefix, timeout, shown);
    }

    /** Lettuce's form of the location, with the command timeout set. */
    RedisURI redisUri() {
        return uri;
    }

    /** What every key is prefixed with; empty by default. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The bound on connecting and on each command. */
    public Duration timeout() {
        return timeout;
    }

    /** The URL with any password replaced by {@code ***}. */
    @Override
    public String toString() {
        return redacted;
    }

    /**
     * {@code url} with the password of its user info, if any, replaced by {@code ***}: {@code user:secret@} and
     * {@code :secret@} keep the user name, and a lone {@code secret@} (which Lettuce reads as a password) is hidden
     * whole.
     */
    static String redact(String url) {
        Matcher matcher = USER_INFO.matcher(url);
        if (!matcher.find()) {
            return url;
        }
        String userInfo = matcher.group(2);
        int colon = userInfo.indexOf(':');
        String hidden = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return url.substring(0, matcher.start()) + matcher.group(1) + hidden + url.substring(matcher.end() - 1);
    }

    private static Duration parseTimeout(String shown, String text) {
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            Duration timeout = "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
            if (!timeout.isZero()) {
                return timeout;
            }
        }
        throw new ImproperlyConfiguredException(SETTING, "'" + shown + "': timeout must be a positive whole number"
                + " of seconds or milliseconds such as 2s or 500ms, was '" + text + "'");
    }
}
