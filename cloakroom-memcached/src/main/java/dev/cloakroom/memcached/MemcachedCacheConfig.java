package dev.cloakroom.memcached;

import dev.cloakroom.ImproperlyConfiguredException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link MemcachedCacheBackend} connects to and how long it waits: the servers of one cache (keys are
 * spread over them as Django's {@code PyMemcacheCache} spreads them over its {@code LOCATION} list, by rendezvous
 * hashing of each server's {@link Server#nodeName()}), a key prefix, and
 * the bounds on connecting and on each operation. Immutable, and checked when built, so that a bad value fails
 * at start-up with a message naming the setting it came from.
 *
 * <p>Build one from {@code host:port} locations, whatever setting they came from:
 * <pre>{@code
 * MemcachedCacheConfig config = MemcachedCacheConfig.builder("CACHES_DEFAULT_LOCATION")
 *         .locations(List.of("10.0.0.1:11211", "10.0.0.2:11211"))
 *         .timeout(Duration.ofMillis(500))
 *         .build();
 * }</pre>
 * {@code CACHE_<ALIAS>_URL=memcached://...} is parsed into one of these by {@link MemcachedCacheBackendProvider}.
 */
public final class MemcachedCacheConfig {
    /** The port of a location that names none, Memcached's own. */
    public static final int DEFAULT_PORT = 11211;
    /** The bound on each operation when none is configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** The bound on opening a connection when none is configured. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Memcached's limit on a key, prefix included. */
    public static final int MAX_KEY_BYTES = 250;
    /**
     * The longest key prefix accepted. The keys Cloakroom writes are at most 70 bytes (a store prefix of up to
     * 30 and a session key of up to 40), so this leaves them room under {@link #MAX_KEY_BYTES}.
     */
    public static final int MAX_KEY_PREFIX_BYTES = 100;

    private final String setting;
    private final List<Server> servers;
    private final String keyPrefix;
    private final Duration timeout;
    private final Duration connectTimeout;

    private MemcachedCacheConfig(Builder builder) {
        this.setting = builder.setting;
        if (builder.servers.isEmpty()) {
            throw new ImproperlyConfiguredException(setting, "names no Memcached server; expected host:port");
        }
        this.servers = List.copyOf(builder.servers);
        this.keyPrefix = builder.keyPrefix;
        this.timeout = builder.timeout;
        this.connectTimeout = builder.connectTimeout;
    }

    /**
     * A builder whose errors name {@code setting}, the setting the values come from (for example
     * {@code CACHE_<ALIAS>_URL} or {@code CACHES_DEFAULT_LOCATION}).
     */
    public static Builder builder(String setting) {
        return new Builder(setting);
    }

    /** The servers, in the order given; never empty, no server twice. */
    public List<Server> servers() {
        return servers;
    }

    /** Put in front of every key, so several applications can share servers; empty by default. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The bound on each operation, from sending it to its answer. */
    public Duration timeout() {
        return timeout;
    }

    /** The bound on opening a connection to a server. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The setting the values came from, which errors name. */
    String setting() {
        return setting;
    }

    /** The servers, comma-separated, e.g. {@code 10.0.0.1:11211,10.0.0.2:11211}; holds no secret. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Server server : servers) {
            text.append(text.length() == 0 ? "" : ",").append(server);
        }
        return text.toString();
    }

    /**
     * One Memcached server: a host name or IP address, as written in the configuration (an IPv6 address without
     * its brackets), and a port.
     */
    public record Server(String host, int port) {
        public Server {
            Objects.requireNonNull(host, "host");
        }

        /**
         * The name that places keys on this server: {@code host:port} with the host exactly as configured, not
         * the address it resolves to, and an IPv6 address without brackets ({@code ::1:11211}). It is the name
         * pymemcache's {@code HashClient} gives a {@code LOCATION} entry (its {@code host:port} with the port as
         * a number, 11211 when the entry names none), so both sides score the same names.
         */
        public String nodeName() {
            return host + ":" + port;
        }

        /** {@code host:port}, an IPv6 address in brackets. */
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Collects and checks the values; each setter fails at once on a bad value, naming the setting. */
    public static final class Builder {
        private final String setting;
        private final List<Server> servers = new ArrayList<>();
        /** The servers added, host names in lower case, to refuse one named twice. */
        private final Set<Server> seen = new HashSet<>();
        private String keyPrefix = "";
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Builder(String setting) {
            this.setting = Objects.requireNonNull(setting, "setting");
        }

        /** Adds servers given as {@code host:port} ({@code host} alone means port {@value #DEFAULT_PORT}). */
        public Builder locations(List<String> locations) {
            Objects.requireNonNull(locations, "locations");
            for (String location : locations) {
                server(parseLocation(location));
            }
            return this;
        }

        /** Adds one server. */
        public Builder server(String host, int port) {
            return server(new Server(host, port));
        }

        private Builder server(Server server) {
            if (server.host().isEmpty() || !isHostName(server.host())) {
                throw new ImproperlyConfiguredException(setting, "'" + server.host()
                        + "' is not a host name or IP address of a Memcached server");
            }
            if (server.port() < 1 || server.port() > 65535) {
                throw new ImproperlyConfiguredException(setting, "port " + server.port() + " of Memcached server '"
                        + server.host() + "' is not between 1 and 65535");
            }
            // The host is kept as written: it is part of the name that places keys, as it is for Django. Two
            // spellings of one name (case aside) are still the same server named twice.
            Server same = new Server(server.host().toLowerCase(Locale.ROOT), server.port());
            if (!seen.add(same)) {
                throw new ImproperlyConfiguredException(setting, "Memcached server " + server
                        + " is named twice; each server takes its share of the keys once");
            }
            servers.add(server);
            return this;
        }

        /**
         * Sets the key prefix. Memcached's text protocol ends a key at a space or control character and limits
         * it to {@value #MAX_KEY_BYTES} bytes, so a prefix holding either, or longer than
         * {@value #MAX_KEY_PREFIX_BYTES} bytes, is refused here rather than failing every request later.
         */
        public Builder keyPrefix(String keyPrefix) {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            int bad = MemcachedKeys.firstForbiddenChar(keyPrefix);
            if (bad >= 0) {
                throw new ImproperlyConfiguredException(setting, "the key prefix holds "
                        + MemcachedKeys.describe(keyPrefix.codePointAt(bad)) + " at index " + bad
                        + ", which Memcached keys cannot hold (no spaces or control characters)");
            }
            int lone = MemcachedKeys.firstUnpairedSurrogate(keyPrefix);
            if (lone >= 0) {
                throw new ImproperlyConfiguredException(setting, "the key prefix holds an unpaired surrogate "
                        + MemcachedKeys.describe(keyPrefix.charAt(lone)) + " at index " + lone
                        + ", which UTF-8 cannot encode");
            }
            int bytes = keyPrefix.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_KEY_PREFIX_BYTES) {
                throw new ImproperlyConfiguredException(setting, "the key prefix is " + bytes + " bytes; at most "
                        + MAX_KEY_PREFIX_BYTES + " leave room for session keys under Memcached's " + MAX_KEY_BYTES);
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** Sets the bound on each operation; positive, whole milliseconds. */
        public Builder timeout(Duration timeout) {
            this.timeout = positiveMillis("timeout", timeout);
            return this;
        }

        /** Sets the bound on opening a connection; positive, whole milliseconds. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positiveMillis("connectTimeout", connectTimeout);
            return this;
        }

        /** The configuration; fails naming the setting when no server was given. */
        public MemcachedCacheConfig build() {
            return new MemcachedCacheConfig(this);
        }

        private Duration positiveMillis(String name, Duration duration) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.toMillis() < 1 || duration.compareTo(Duration.ofDays(1)) > 0) {
                throw new ImproperlyConfiguredException(setting, name + " must be between 1 ms and one day, was "
                        + duration);
            }
            return Duration.ofMillis(duration.toMillis());
        }

        /** {@code host:port}, {@code host}, {@code [v6]:port} or {@code [v6]}. */
        private Server parseLocation(String location) {
            Objects.requireNonNull(location, "location");
            String text = location.strip();
            String host;
            String port = null;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                    throw badLocation(location);
                }
                host = text.substring(1, close);
                port = close + 1 < text.length() ? text.substring(close + 2) : null;
            } else if (text.indexOf(':') != text.lastIndexOf(':')) {
                throw new ImproperlyConfiguredException(setting, "'" + location
                        + "': write an IPv6 address in brackets, e.g. [::1]:11211");
            } else {
                int colon = text.indexOf(':');
                host = colon < 0 ? text : text.substring(0, colon);
                port = colon < 0 ? null : text.substring(colon + 1);
            }
            if (host.isEmpty() || host.startsWith("/") || text.startsWith("unix:")) {
                throw badLocation(location);
            }
            return new Server(host, port == null ? DEFAULT_PORT : parsePort(location, port));
        }

        private int parsePort(String location, String port) {
            if (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Integer.parseInt(port);
            }
            throw new ImproperlyConfiguredException(setting, "'" + location + "': the port '" + port
                    + "' is not a number");
        }

        private ImproperlyConfiguredException badLocation(String location) {
            return new ImproperlyConfiguredException(setting, "'" + location + "' is not a Memcached server;"
                    + " expected host:port such as 127.0.0.1:11211 (Unix sockets are not supported)");
        }

        /** Letters, digits, dots, hyphens and underscores (names), or hex digits and colons (IPv6). */
        private static boolean isHostName(String host) {
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
                if (!allowed) {
                    return false;
                }
            }
            return true;
        }
    }
}
