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
 * Redis under {@code spring.data.redis}: {@code url} as it is, else {@code host} (default localhost),
 * {@code port} (6379), {@code database} (0), {@code username}, {@code password}, {@code ssl.enabled}
 * ({@code rediss://}) and {@code timeout}. A Sentinel set-up ({@code sentinel.master} and {@code sentinel.nodes})
 * becomes {@code redis-sentinel://nodes/db#master}, and a cluster ({@code cluster.nodes})
 * {@code redis-cluster://nodes}, with the same credentials, TLS and timeout; the few properties such a URL cannot
 * carry ({@code sentinel.username/password}, {@code cluster.max-redirects}) are refused with a message, not
 * dropped. Read from the environment, not from Spring Data's beans, so that
 * this needs nothing of Spring Data on the class path.
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
        return scheme(binder, "-sentinel") + credentials(binder) + String.join(",", nodes) + "/" + database(binder)
                + timeoutOption(binder) + "#" + master;
    }

    /** {@code redis-cluster://[credentials@]nodes[?timeout=...]}; a cluster has database 0 only. */
    private static String clusterUrl(Binder binder, List<String> nodes) {
        if (database(binder) != 0) {
            throw refused("database", "is " + database(binder) + ", but a Redis Cluster has only database 0");
        }
        if (text(binder, "cluster.max-redirects").isPresent()) {
            throw refused("cluster.max-redirects", "is not carried over to Cloakroom's cluster client (it follows"
                    + " Lettuce's default of 5 redirects); remove it");
        }
        return scheme(binder, "-cluster") + credentials(binder) + String.join(",", nodes) + timeoutOption(binder);
    }

    private static ImproperlyConfiguredException refused(String property, String why) {
        return new ImproperlyConfiguredException("CACHE_DEFAULT_URL", PREFIX + property + " " + why
                + "; or set cloakroom.cache-default-url to the Redis Cloakroom should use");
    }

    private static String scheme(Binder binder, String topology) {
        boolean ssl = binder.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(false);
        return (ssl ? "rediss" : "redis") + topology + "://";
    }

    private static String credentials(Binder binder) {
        Optional<String> password = text(binder, "password");
        return password.map(p -> text(binder, "username").map(SpringRedisUrl::encode).orElse("") + ":" + encode(p)
                + "@").orElse("");
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
