package dev.cloakroom.memcached;

import dev.cloakroom.ImproperlyConfiguredException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code CACHE_<ALIAS>_URL} for Memcached:
 * {@code memcached://host[:port][,host[:port]...][?keyPrefix=...&timeout=...&connectTimeout=...]}.
 *
 * <p>The servers are the comma-separated list (an IPv6 address in brackets, the port 11211 when omitted), as
 * Django's {@code LOCATION} list for a memcached cache. {@code keyPrefix} goes in front of every key, as
 * Django's {@code KEY_PREFIX}; {@code timeout} bounds each operation and {@code connectTimeout} each
 * connection attempt, both written like {@code 2s} or {@code 500ms} (default 2 s). Any other option, an option
 * given twice, a malformed percent-escape, a path, or user info is refused rather than ignored: Memcached has no databases and no passwords over this protocol
 * (so a raw {@code @} anywhere is refused too; a key prefix holding one writes it {@code %40}).
 */
final class MemcachedCacheUrl {
    static final String SCHEME = "memcached";
    static final String SETTING = "CACHE_<ALIAS>_URL";

    private static final String PREFIX = SCHEME + "://";
    private static final Set<String> OPTIONS = Set.of("keyPrefix", "timeout", "connectTimeout");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");

    private MemcachedCacheUrl() {
    }

    /**
     * The configuration {@code url} describes.
     *
     * @throws ImproperlyConfiguredException naming {@code CACHE_<ALIAS>_URL} when it is not a usable Memcached URL
     */
    static MemcachedCacheConfig parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(PREFIX)) {
            throw new ImproperlyConfiguredException(SETTING, "'" + url
                    + "' is not a Memcached URL; expected memcached://host:port[,host:port...]");
        }
        if (url.indexOf('@') >= 0) {
            // Whatever precedes the last @ may be a password (holding '?' or '/', even), so none of it is shown.
            throw new ImproperlyConfiguredException(SETTING, "'" + PREFIX + "***" + url.substring(url.lastIndexOf('@'))
                    + "': a Memcached URL takes no user or password (write an @ in keyPrefix as %40)");
        }
        String rest = url.substring(PREFIX.length());
        int question = rest.indexOf('?');
        String location = question < 0 ? rest : rest.substring(0, question);
        if (location.endsWith("/")) {
            location = location.substring(0, location.length() - 1);
        }
        if (location.indexOf('/') >= 0) {
            throw new ImproperlyConfiguredException(SETTING, "'" + url
                    + "': a Memcached URL names servers only, no path or database");
        }
        if (location.isEmpty()) {
            throw new ImproperlyConfiguredException(SETTING, "'" + url + "' names no Memcached server");
        }
        MemcachedCacheConfig.Builder config = MemcachedCacheConfig.builder(SETTING)
                .locations(Arrays.asList(location.split(",", -1)));
        if (question >= 0) {
            Set<String> seen = new HashSet<>();
            for (String option : rest.substring(question + 1).split("&")) {
                if (option.isEmpty()) {
                    continue;
                }
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals);
                if (!OPTIONS.contains(name) || equals < 0) {
                    // Only the name is shown: the URL, or this option's value, may hold a secret.
                    throw new ImproperlyConfiguredException(SETTING, "unknown option '" + name + "' in a Memcached"
                            + " cache URL (it knows keyPrefix=..., timeout=... and connectTimeout=...)");
                }
                if (!seen.add(name)) {
                    throw new ImproperlyConfiguredException(SETTING, "the option '" + name + "' is given twice in a"
                            + " Memcached cache URL; each option is given once");
                }
                String value = decode(name, option.substring(equals + 1));
                switch (name) {
                    case "keyPrefix" -> config.keyPrefix(value);
                    case "timeout" -> config.timeout(parseDuration(url, name, value));
                    default -> config.connectTimeout(parseDuration(url, name, value));
                }
            }
        }
        return config.build();
    }

    private static String decode(String name, String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new ImproperlyConfiguredException(SETTING, "the value of the option '" + name + "' in a Memcached"
                    + " cache URL is not validly percent-encoded (write a % itself as %25)");
        }
    }

    private static Duration parseDuration(String url, String name, String text) {
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            Duration duration = "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
            if (!duration.isZero()) {
                return duration;
            }
        }
        // The URL itself is not shown: an option after this one may hold a secret.
        throw new ImproperlyConfiguredException(SETTING, "the option " + name + " must be a positive whole"
                + " number of seconds or milliseconds such as 2s or 500ms, was '" + text + "'");
    }
}
