package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.ImproperlyConfiguredException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code CACHE_<ALIAS>_URL} ({@code redis://...}) for the Redis the application configured for Spring Data
 * Redis under {@code spring.data.redis}. Read from the environment, not from Spring Data's beans, so that this
 * needs nothing of Spring Data on the class path.
 *
 * <p>Carried over:
 * <ul>
 *   <li>one server: {@code url} as it is, else {@code host} (default localhost), {@code port} (6379),
 *       {@code database} (0), {@code username} with {@code password}, {@code ssl.enabled} ({@code rediss://});</li>
 *   <li>Sentinels ({@code sentinel.master}, {@code sentinel.nodes}): {@code redis-sentinel://nodes/db#master};
 *       a cluster ({@code cluster.nodes}): {@code redis-cluster://nodes}. Credentials and the database come, as
 *       in Spring Boot, from {@code url} when it is set, else from {@code username}/{@code password} and
 *       {@code database}; TLS from {@code ssl.enabled};</li>
 *   <li>{@code timeout}, for connecting and for every command.</li>
 * </ul>
 *
 * <p>Refused at start-up, naming the property, because a Cloakroom URL cannot honour it: {@code ssl.bundle} (the
 * URL has no place for a trust store or client certificate: use {@code cloakroom.cache-default-url=rediss://...}
 * with the JVM's trust store), {@code client-name}, {@code connect-timeout} unless it equals {@code timeout} (one
 * timeout covers both), {@code username} without {@code password} (a Redis URL's lone user part is read as a
 * password), {@code sentinel.username}/{@code sentinel.password}, {@code cluster.max-redirects}, and a database
 * other than 0 on a cluster. Everything else under {@code spring.data.redis} (pool and client settings, for
 * instance) is Spring Data's own and is not looked at.
 */
final class SpringRedisUrl {
    private static final String PREFIX = "spring.data.redis.";
    private static final List<String> CONNECTION_PROPERTIES =
            List.of("url", "host", "port", "database", "username", "password");

    private SpringRedisUrl() {
    }

    /**
     * The URL, when a {@code spring.data.redis} connection property is set or {@code springDataRedisPresent}
     * (Spring Data Redis then connects to its defaults, and so does Cloakroom); otherwise empty.
     */
    static Optional<String> from(Environment environment, boolean springDataRedisPresent) {
        Binder binder = Binder.get(environment);
        refuseWhatAUrlCannotCarry(binder);
        // Spring Data Redis's own order: a Sentinel set-up wins over a cluster, and either over one server.
        if (text(binder, "sentinel.master").isPresent()) {
            return Optional.of(sentinelUrl(binder));
        }
        List<String> clusterNodes = nodes(binder, "cluster.nodes");
        if (!clusterNodes.isEmpty()) {
            return Optional.of(clusterUrl(binder, clusterNodes));
        }
        Optional<String> url = text(binder, "url");
        if (url.isPresent()) {
            return url;
        }
        boolean configured = CONNECTION_PROPERTIES.stream().anyMatch(name -> text(binder, name).isPresent());
        if (!configured && !springDataRedisPresent) {
            return Optional.empty();
        }
        StringBuilder result = new StringBuilder(scheme(binder, "")).append(credentials(binder))
                .append(text(binder, "host").orElse("localhost"))
                .append(':').append(binder.bind(PREFIX + "port", Integer.class).orElse(6379))
                .append('/').append(database(binder));
        return Optional.of(result.append(timeoutOption(binder)).toString());
    }

    /**
     * {@code redis-sentinel://[credentials@]nodes/db[?timeout=...]#master}. The URL's credentials are the data
     * nodes' ({@code spring.data.redis.username/password}); Sentinels that want a password of their own are
     * refused, since a Cloakroom URL has no place for it.
     */
    private static String sentinelUrl(Binder binder) {
        String master = text(binder, "sentinel.master").orElseThrow();
        List<String> nodes = nodes(binder, "sentinel.nodes");
        if (nodes.isEmpty()) {
            throw refused("sentinel.master", "names a master but spring.data.redis.sentinel.nodes lists no Sentinel");
        }
        for (String own : List.of("sentinel.username", "sentinel.password")) {
            if (text(binder, own).isPresent()) {
                throw refused(own, "is a credential of the Sentinels themselves, which Cloakroom's Redis URL does"
                        + " not carry (it authenticates to the data nodes with spring.data.redis.username/password)");
            }
        }
        if (!master.matches("[A-Za-z0-9._-]+")) {
            throw refused("sentinel.master", "'" + master + "' is not a master name a URL can carry as it is"
                    + " (letters, digits, '.', '_' and '-')");
        }
        return scheme(binder, "-sentinel") + credentials(binder) + String.join(",", nodes) + "/"
                + topologyDatabase(binder) + timeoutOption(binder) + "#" + master;
    }

    /** {@code redis-cluster://[credentials@]nodes[?timeout=...]}; a cluster has database 0 only. */
    private static String clusterUrl(Binder binder, List<String> nodes) {
        if (topologyDatabase(binder) != 0) {
            throw refused(text(binder, "url").isPresent() ? "url" : "database", "names database "
                    + topologyDatabase(binder) + ", but a Redis Cluster has only database 0");
        }
        if (text(binder, "cluster.max-redirects").isPresent()) {
            throw refused("cluster.max-redirects", "is not carried over to Cloakroom's cluster client (it follows"
                    + " Lettuce's default of 5 redirects); remove it");
        }
        return scheme(binder, "-cluster") + credentials(binder) + String.join(",", nodes) + timeoutOption(binder);
    }

    private static void refuseWhatAUrlCannotCarry(Binder binder) {
        if (text(binder, "ssl.bundle").isPresent()) {
            throw refused("ssl.bundle", "names an SSL bundle, whose trust store and client certificate Cloakroom's"
                    + " Redis URL cannot carry; set cloakroom.cache-default-url=rediss://... and give the JVM the"
                    + " trust store (javax.net.ssl.trustStore) instead");
        }
        if (text(binder, "client-name").isPresent()) {
            throw refused("client-name", "is not carried over: Cloakroom's Redis URL sets no client name; remove it");
        }
        Duration connectTimeout = binder.bind(PREFIX + "connect-timeout", Duration.class).orElse(null);
        if (connectTimeout != null
                && !connectTimeout.equals(binder.bind(PREFIX + "timeout", Duration.class).orElse(null))) {
            throw refused("connect-timeout", "differs from spring.data.redis.timeout, but Cloakroom's Redis URL has"
                    + " one timeout for connecting and for commands; set spring.data.redis.timeout alone");
        }
        if (text(binder, "url").isEmpty() && text(binder, "username").isPresent()
                && text(binder, "password").isEmpty()) {
            throw refused("username", "is set without spring.data.redis.password; a Redis URL cannot carry a user"
                    + " alone (its lone user part is read as a password): set the password too, or remove it");
        }
    }

    private static ImproperlyConfiguredException refused(String property, String why) {
        return new ImproperlyConfiguredException("CACHE_DEFAULT_URL", PREFIX + property + " " + why
                + "; or set cloakroom.cache-default-url to the Redis Cloakroom should use");
    }

    private static String scheme(Binder binder, String topology) {
        boolean ssl = binder.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(false);
        return (ssl ? "rediss" : "redis") + topology + "://";
    }

    /** As Spring Boot: a {@code url}'s user info wins over {@code username}/{@code password}. */
    private static String credentials(Binder binder) {
        Optional<java.net.URI> url = springUrl(binder);
        if (url.isPresent()) {
            String userInfo = url.get().getUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                return "";
            }
            int colon = userInfo.indexOf(':');
            return colon < 0 ? ":" + encode(userInfo) + "@"
                    : encode(userInfo.substring(0, colon)) + ":" + encode(userInfo.substring(colon + 1)) + "@";
        }
        Optional<String> password = text(binder, "password");
        return password.map(p -> text(binder, "username").map(SpringRedisUrl::encode).orElse("") + ":" + encode(p)
                + "@").orElse("");
    }

    /** As Spring Boot: a {@code url}'s database wins over {@code database}. */
    private static int topologyDatabase(Binder binder) {
        Optional<java.net.URI> url = springUrl(binder);
        if (url.isPresent()) {
            String path = url.get().getPath();
            if (path == null || path.length() <= 1) {
                return 0;
            }
            try {
                return Integer.parseInt(path.substring(1));
            } catch (NumberFormatException notANumber) {
                throw refused("url", "has '" + path + "' where a database number belongs");
            }
        }
        return database(binder);
    }

    private static Optional<java.net.URI> springUrl(Binder binder) {
        return text(binder, "url").map(text -> {
            try {
                return new java.net.URI(text);
            } catch (java.net.URISyntaxException malformed) {
                throw refused("url", "is not a URL: " + malformed.getMessage());
            }
        });
    }

    private static int database(Binder binder) {
        return binder.bind(PREFIX + "database", Integer.class).orElse(0);
    }

    private static String timeoutOption(Binder binder) {
        return binder.bind(PREFIX + "timeout", Duration.class).map(t -> "?timeout=" + t.toMillis() + "ms").orElse("");
    }

    /** A list of {@code host:port} nodes, given as a YAML list or comma-separated, each checked. */
    private static List<String> nodes(Binder binder, String property) {
        List<String> nodes = binder.bind(PREFIX + property, Bindable.listOf(String.class)).orElse(List.of())
                .stream().map(String::trim).filter(node -> !node.isEmpty()).toList();
        for (String node : nodes) {
            if (!node.matches("[A-Za-z0-9._-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?")) {
                throw refused(property, "holds '" + node + "', which is not host:port");
            }
        }
        return nodes;
    }

    private static Optional<String> text(Binder binder, String name) {
        return Optional.of(binder.bind(PREFIX + name, Bindable.of(String.class)).map(String::trim).orElse(""))
                .filter(v -> !v.isEmpty());
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, so any password survives the URL. */
    static String encode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.write(c);
            } else {
                byte[] escape = String.format("%%%02X", b & 0xff).getBytes(StandardCharsets.US_ASCII);
                out.write(escape, 0, escape.length);
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
