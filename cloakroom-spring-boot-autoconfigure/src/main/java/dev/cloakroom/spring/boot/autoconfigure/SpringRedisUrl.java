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
 * ({@code rediss://}) and {@code timeout}. Read from the environment, not from Spring Data's beans, so that
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
        for (String topology : List.of("cluster.nodes", "sentinel.master")) {
            if (text(binder, topology).isPresent()) {
                // Falling back to a single server here would talk to the wrong Redis.
                throw new ImproperlyConfiguredException("CACHE_DEFAULT_URL", "spring.data.redis." + topology
                        + " names a Redis " + (topology.startsWith("cluster") ? "Cluster" : "Sentinel set-up")
                        + ", which Cloakroom's cache does not take from Spring's settings; set "
                        + "cloakroom.cache-default-url to the server Cloakroom should use");
            }
        }
        Optional<String> url = text(binder, "url");
        if (url.isPresent()) {
            return url;
        }
        boolean configured = CONNECTION_PROPERTIES.stream().anyMatch(name -> text(binder, name).isPresent());
        if (!configured && !springDataRedisPresent) {
            return Optional.empty();
        }
        boolean ssl = binder.bind(PREFIX + "ssl.enabled", Boolean.class).orElse(false);
        StringBuilder result = new StringBuilder(ssl ? "rediss://" : "redis://");
        Optional<String> password = text(binder, "password");
        if (password.isPresent()) {
            result.append(text(binder, "username").map(SpringRedisUrl::encode).orElse("")).append(':')
                    .append(encode(password.get())).append('@');
        }
        result.append(text(binder, "host").orElse("localhost"))
                .append(':').append(binder.bind(PREFIX + "port", Integer.class).orElse(6379))
                .append('/').append(binder.bind(PREFIX + "database", Integer.class).orElse(0));
        binder.bind(PREFIX + "timeout", Duration.class)
                .ifBound(timeout -> result.append("?timeout=").append(timeout.toMillis()).append("ms"));
        return Optional.of(result.toString());
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
