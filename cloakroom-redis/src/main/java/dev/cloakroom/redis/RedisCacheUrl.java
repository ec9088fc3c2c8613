package dev.cloakroom.redis;

import dev.cloakroom.ImproperlyConfiguredException;
import io.lettuce.core.RedisURI;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code CACHE_<ALIAS>_URL} (or cache location) for Redis, in one of three forms ({@link Topology}):
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/db][?options]}: one server;</li>
 *   <li>{@code redis-sentinel://[[user]:password@]host[:port][,host[:port]...][/db][?options]#master}: the master
 *       named {@code master} by the listed Sentinels (port 26379 when left out), followed after a failover;</li>
 *   <li>{@code redis-cluster://[[user]:password@]host[:port][,host[:port]...][?options]}: a Redis Cluster found
 *       from the listed seed nodes (database 0 only).</li>
 * </ul>
 * Each has a TLS form with {@code rediss} in place of {@code redis}. The credentials are the data nodes'.
 *
 * <p>Options: {@code keyPrefix} is put in front of every key, so that several applications (or test runs) can
 * share one Redis database without seeing each other's entries, as Django's cache {@code KEY_PREFIX} does;
 * {@code timeout} (e.g. {@code 2s}, {@code 500ms}; default {@value #DEFAULT_TIMEOUT_TEXT}) bounds both
 * connecting and every command, so a Redis that is down or stuck fails a request quickly instead of hanging it;
 * {@code waitReplicas} (default 0; not on a cluster) makes every write wait, with Redis's {@code WAIT}, until that
 * many replicas have it, so a write that succeeded survives the master's loss, at the price of a replication round
 * trip per write; {@code failoverTimeout} (only on a Sentinel URL; default {@value #DEFAULT_FAILOVER_TIMEOUT_TEXT},
 * {@code 0s} turns it off) is how long a command waits for a new master when the master's connection is lost,
 * instead of failing at once (see {@link SentinelConnector}). Any other option is refused rather than silently
 * ignored.
 *
 * <p>The password never appears in {@link #toString()} or in error messages.
 */
public final class RedisCacheUrl {
    /** The bound on connecting and on each command when the URL names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final String DEFAULT_TIMEOUT_TEXT = "2s";
    /**
     * How long a command on a Sentinel URL waits for a master when none is connected, when the URL names no
     * {@code failoverTimeout}: Sentinel's default {@code down-after-milliseconds} (30 s) plus an election.
     */
    public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(35);
    static final String DEFAULT_FAILOVER_TIMEOUT_TEXT = "35s";

    private static final String SETTING = "CACHE_<ALIAS>_URL";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");

    private final Topology topology;
    private final List<RedisURI> nodes;
    private final String keyPrefix;
    private final Duration timeout;
    private final int waitReplicas;
    private final Duration failoverTimeout;
    private final String redacted;

    private RedisCacheUrl(Topology topology, List<RedisURI> nodes, String keyPrefix, Duration timeout,
            int waitReplicas, Duration failoverTimeout, String redacted) {
        this.topology = topology;
        this.nodes = List.copyOf(nodes);
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.waitReplicas = waitReplicas;
        this.failoverTimeout = failoverTimeout;
        this.redacted = redacted;
    }

    /**
     * Parses {@code url}, naming {@code CACHE_<ALIAS>_URL} in any error; see {@link #parse(String, String)}.
     *
     * @throws ImproperlyConfiguredException naming {@code CACHE_<ALIAS>_URL} when the URL is not a usable Redis URL
     */
    public static RedisCacheUrl parse(String url) {
        return parse(url, SETTING);
    }

    /**
     * Parses {@code location}, a Redis URL in any of the three forms, for the setting named {@code setting} (such
     * as {@code CACHE_<ALIAS>_URL}, or a Django-style cache {@code LOCATION}), which errors name.
     *
     * <p>The user info runs from the scheme to the <em>last</em> {@code @}, so a password may hold {@code @},
     * {@code /}, {@code ?}, {@code #} or spaces, raw or percent-encoded; an {@code @} inside an option value must
     * therefore be written {@code %40}, and a {@code #} {@code %23}. The credentials are handed to Lettuce apart
     * from the location, so no text that Lettuce parses or quotes back in an error ever holds the password.
     *
     * @throws ImproperlyConfiguredException naming {@code setting} when the URL is not a usable Redis URL
     */
    public static RedisCacheUrl parse(String location, String setting) {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(setting, "setting");
        String url = location;
        Topology topology = null;
        String scheme = null;
        for (Topology candidate : Topology.values()) {
            for (String candidateScheme : candidate.schemes) {
                if (url.startsWith(candidateScheme + "://")) {
                    topology = candidate;
                    scheme = candidateScheme + "://";
                }
            }
        }
        if (topology == null) {
            throw new ImproperlyConfiguredException(setting, "'" + hideUserInfo(url) + "' is not a Redis URL;"
                    + " expected redis://host:port/db, redis-sentinel://host:port,host:port/db#master or"
                    + " redis-cluster://host:port,host:port (each also with rediss for TLS)");
        }
        // Until the URL is known to be good, messages hide the user info whole: a user name is not worth the risk
        // of showing part of a password that the rules below would have split differently.
        String unparsed = hideUserInfo(url);
        int at = url.lastIndexOf('@');
        String userInfo = at < 0 ? null : url.substring(scheme.length(), at);
        String afterUserInfo = at < 0 ? url.substring(scheme.length()) : url.substring(at + 1);
        int hash = afterUserInfo.indexOf('#');
        String fragment = hash < 0 ? null : afterUserInfo.substring(hash);
        String beforeFragment = hash < 0 ? afterUserInfo : afterUserInfo.substring(0, hash);
        int question = beforeFragment.indexOf('?');
        String hostsAndPath = question < 0 ? beforeFragment : beforeFragment.substring(0, question);
        String keyPrefix = "";
        Duration timeout = DEFAULT_TIMEOUT;
        int waitReplicas = 0;
        Duration failoverTimeout = topology == Topology.SENTINEL ? DEFAULT_FAILOVER_TIMEOUT : Duration.ZERO;
        if (question >= 0) {
            for (String option : beforeFragment.substring(question + 1).split("&")) {
                if (option.isEmpty()) {
                    continue;
                }
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals);
                String value = equals < 0 ? "" : URLDecoder.decode(option.substring(equals + 1), StandardCharsets.UTF_8);
                if ("keyPrefix".equals(name) && equals > 0) {
                    keyPrefix = value;
                } else if ("timeout".equals(name) && equals > 0) {
                    timeout = parseTimeout(setting, unparsed, value);
                } else if ("waitReplicas".equals(name) && equals > 0) {
                    waitReplicas = parseWaitReplicas(setting, unparsed, value, topology);
                } else if ("failoverTimeout".equals(name) && equals > 0) {
                    failoverTimeout = parseFailoverTimeout(setting, unparsed, value, topology);
                } else {
                    throw new ImproperlyConfiguredException(setting, "'" + unparsed + "': unknown option '" + name
                            + "' (a Redis cache URL knows keyPrefix=..., timeout=..., waitReplicas=... and,"
                            + " on redis-sentinel, failoverTimeout=..., e.g. timeout=2s)");
                }
            }
        }
        if (fragment != null && topology != Topology.SENTINEL) {
            throw new ImproperlyConfiguredException(setting, "'" + unparsed + "': only a redis-sentinel URL names"
                    + " a master after '#'");
        }
        if (topology == Topology.SENTINEL && (fragment == null || fragment.length() < 2)) {
            throw new ImproperlyConfiguredException(setting, "'" + unparsed + "' names no master; a Sentinel URL"
                    + " ends with #<master name>, e.g. redis-sentinel://h1:26379,h2:26379/0#mymaster");
        }
        List<RedisURI> nodes = topology == Topology.CLUSTER
                ? RedisTopologyUris.clusterNodes(setting, unparsed, scheme, hostsAndPath)
                : List.of(RedisTopologyUris.single(setting, unparsed, scheme + hostsAndPath
                        + (fragment == null ? "" : fragment), topology == Topology.SENTINEL));
        String shown = url;
        char[] password = null;
        String user = "";
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = colon < 0 ? "" : percentDecode(userInfo.substring(0, colon));
            password = percentDecode(colon < 0 ? userInfo : userInfo.substring(colon + 1)).toCharArray();
            shown = scheme + (colon < 0 ? "***" : userInfo.substring(0, colon) + ":***") + url.substring(at);
        }
        for (RedisURI node : nodes) {
            RedisTopologyUris.configure(node, timeout, user, password);
        }
        return new RedisCacheUrl(topology, nodes, keyPrefix, timeout, waitReplicas, failoverTimeout, shown);
    }

    /** Which Redis set-up the URL names, and so which Lettuce client serves it. */
    public enum Topology {
        /** {@code redis://} or {@code rediss://}: one server, through one connection. */
        STANDALONE("redis", "rediss"),
        /**
         * {@code redis-sentinel://} or {@code rediss-sentinel://}: the master that the listed Sentinels name, found
         * again through them after a failover.
         */
        SENTINEL("redis-sentinel", "rediss-sentinel"),
        /**
         * {@code redis-cluster://} or {@code rediss-cluster://}: a Redis Cluster found from the listed seed nodes,
         * each key sent to the master of its slot.
         */
        CLUSTER("redis-cluster", "rediss-cluster");

        private final List<String> schemes;

        Topology(String... schemes) {
            this.schemes = List.of(schemes);
        }

        /** The URL schemes of this set-up, without {@code ://}. */
        public List<String> schemes() {
            return schemes;
        }
    }

    /** The set-up the URL names. */
    public Topology topology() {
        return topology;
    }

    /**
     * How many replicas must confirm each write ({@code WAIT}) before it counts as done; 0, the default, means the
     * master's answer is enough.
     */
    public int waitReplicas() {
        return waitReplicas;
    }

    /**
     * How long a command waits for a master while the Sentinel-named master's connection is down, so that a
     * failover costs requests a wait rather than a failure; zero (always on {@code redis://} and
     * {@code redis-cluster://}, and on a Sentinel URL with {@code failoverTimeout=0s}) fails them at once.
     */
    public Duration failoverTimeout() {
        return failoverTimeout;
    }

    /** The cluster's seed nodes, each with the credentials and timeout set; only for {@link Topology#CLUSTER}. */
    List<RedisURI> clusterNodes() {
        return nodes;
    }

    /**
     * Lettuce's form of the location (for Sentinel, of the Sentinels and the master's name), with the credentials
     * and the command timeout set; for a cluster, its first seed node.
     */
    RedisURI redisUri() {
        return nodes.get(0);
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

    private static int parseWaitReplicas(String setting, String shown, String text, Topology topology) {
        if (topology == Topology.CLUSTER) {
            // WAIT counts the replicas of the connection it is sent on, and a cluster client sends a keyless
            // command to whichever node it likes, so it would confirm nothing about the write it follows.
            throw new ImproperlyConfiguredException(setting, "'" + shown + "': waitReplicas is not available on a"
                    + " Redis Cluster URL (only on redis:// and redis-sentinel://)");
        }
        if (text.matches("\\d{1,3}")) {
            return Integer.parseInt(text);
        }
        throw new ImproperlyConfiguredException(setting, "'" + shown + "': waitReplicas must be a whole number of"
                + " replicas such as 1, was '" + text + "'");
    }

    private static Duration parseFailoverTimeout(String setting, String shown, String text, Topology topology) {
        if (topology != Topology.SENTINEL) {
            // Only the Sentinel client waits for a master to be named; elsewhere the option would do nothing.
            throw new ImproperlyConfiguredException(setting, "'" + shown + "': failoverTimeout is only available on"
                    + " a redis-sentinel:// URL, whose Sentinels name a new master after a failover");
        }
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
        }
        throw new ImproperlyConfiguredException(setting, "'" + shown + "': failoverTimeout must be a whole number"
                + " of seconds or milliseconds such as 35s, or 0s to fail at once, was '" + text + "'");
    }

    private static Duration parseTimeout(String setting, String shown, String text) {
        Matcher matcher = DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            Duration timeout = "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
            if (!timeout.isZero()) {
                return timeout;
            }
        }
        throw new ImproperlyConfiguredException(setting, "'" + shown + "': timeout must be a positive whole number"
                + " of seconds or milliseconds such as 2s or 500ms, was '" + text + "'");
    }
}
