package dev.cloakroom.redis;

import dev.cloakroom.ImproperlyConfiguredException;
import io.lettuce.core.RedisURI;

import java.io.ByteArrayOutputStream;
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
     * <p>The user info runs from the scheme to the <em>last</em> {@code @}, so a password may hold {@code @},
     * {@code /}, {@code ?} or spaces, raw or percent-encoded; an {@code @} inside an option value must therefore be
     * written {@code %40}. The credentials are handed to Lettuce apart from the location, so no text that
     * Lettuce parses or quotes back in an error ever holds the password.
     *
     * @throws ImproperlyConfiguredException naming {@code CACHE_<ALIAS>_URL} when the URL is not a usable Redis URL
     */
    public static RedisCacheUrl parse(String url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.startsWith("redis://") ? "redis://" : url.startsWith("rediss://") ? "rediss://" : null;
        if (scheme == null) {
            throw new ImproperlyConfiguredException(SETTING, "'" + hideUserInfo(url)
                    + "' is not a Redis URL; expected redis://host:port/db or rediss://host:port/db");
        }
        // Until the URL is known to be good, messages hide the user info whole: a user name is not worth the risk
        // of showing part of a password that the rules below would have split differently.
        String unparsed = hideUserInfo(url);
        int at = url.lastIndexOf('@');
        String userInfo = at < 0 ? null : url.substring(scheme.length(), at);
        String afterUserInfo = at < 0 ? url.substring(scheme.length()) : url.substring(at + 1);
        int question = afterUserInfo.indexOf('?');
        String location = scheme + (question < 0 ? afterUserInfo : afterUserInfo.substring(0, question));
        String keyPrefix = "";
        Duration timeout = DEFAULT_TIMEOUT;
        if (question >= 0) {
            for (String option : afterUserInfo.substring(question + 1).split("&")) {
                if (option.isEmpty()) {
                    continue;
                }
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(option.substring(equals + 1), StandardCharsets.UTF_8);
                if ("keyPrefix".equals(name) && equals > 0) {
                    keyPrefix = value;
                } else if ("timeout".equals(name) && equals > 0) {
                    timeout = parseTimeout(unparsed, value);
                } else {
                    throw new ImproperlyConfiguredException(SETTING, "'" + unparsed + "': unknown option '" + name
                            + "' (a Redis cache URL knows keyPrefix=... and timeout=..., e.g. timeout=2s)");
                }
            }
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(location);
        } catch (RuntimeException malformed) {
            // Not even Lettuce's message is quoted: it repeats its input, and we want no part of a URL that holds
            // a password echoed by a parser we do not control.
            throw new ImproperlyConfiguredException(SETTING, "'" + unparsed + "' is not a valid Redis URL;"
                    + " expected redis://[[user]:password@]host[:port][/db][?keyPrefix=...&timeout=...]");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ImproperlyConfiguredException(SETTING, "'" + unparsed + "' names no host");
        }
        uri.setTimeout(timeout);
        String shown = url;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : percentDecode(userInfo.substring(0, colon));
            String password = percentDecode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            // As Lettuce reads a URL: a lone "secret@" is a password, and an empty password means no AUTH at all.
            if (!password.isEmpty()) {
                if (user.isEmpty()) {
                    uri.setAuthentication(password.toCharArray());
                } else {
                    uri.setAuthentication(user, password.toCharArray());
                }
            }
            shown = scheme + (colon < 0 ? "***" : userInfo.substring(0, colon) + ":***") + url.substring(at);
        }
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
     * {@code url} with everything between its scheme and its last {@code @} replaced by {@code ***}: whatever the
     * password holds, none of it is left, whether or not the rest of the URL makes sense.
     */
    static String hideUserInfo(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int schemeEnd = url.indexOf("://");
        int userInfoStart = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
        return url.substring(0, userInfoStart) + "***" + url.substring(at);
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8, leaving every other character, a stray {@code %} included, as it is
     * (as Python's {@code unquote} does for the same URL); unlike form decoding, {@code +} stays a plus.
     */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 3;
            } else {
                int end = Character.charCount(text.codePointAt(i));
                byte[] encoded = text.substring(i, i + end).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
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
