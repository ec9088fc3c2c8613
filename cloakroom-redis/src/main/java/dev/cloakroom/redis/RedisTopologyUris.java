package dev.cloakroom.redis;

import dev.cloakroom.ImproperlyConfiguredException;
import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the location part of a Redis cache URL (user info and options already taken off) into Lettuce's
 * {@link RedisURI}s. Lettuce's own parser reads {@code redis://} and {@code redis-sentinel://}; it has no
 * cluster form, so {@code redis-cluster://h1:p1,h2:p2} is split here into one URI per seed node.
 *
 * <p>No message quotes Lettuce's: it repeats its input, and the caller's {@code shown} text (user info hidden) is
 * the only form of the URL that errors may carry.
 */
final class RedisTopologyUris {
    private static final int DEFAULT_PORT = 6379;

    private RedisTopologyUris() {
    }

    /** The one URI of a {@code redis://} or {@code redis-sentinel://...#master} location. */
    static RedisURI single(String setting, String shown, String location, boolean sentinel) {
        RedisURI uri;
        try {
            uri = RedisURI.create(location);
        } catch (RuntimeException malformed) {
            throw new ImproperlyConfiguredException(setting, "'" + shown + "' is not a valid Redis URL; expected "
                    + (sentinel ? "redis-sentinel://host:port[,host:port...][/db][?options]#master"
                            : "redis://[[user]:password@]host[:port][/db][?keyPrefix=...&timeout=...]"));
        }
        boolean named = sentinel ? !uri.getSentinels().isEmpty()
                && uri.getSentinels().stream().allMatch(s -> s.getHost() != null && !s.getHost().isEmpty())
                : uri.getHost() != null && !uri.getHost().isEmpty();
        if (!named) {
            throw new ImproperlyConfiguredException(setting, "'" + shown + "' names no host");
        }
        return uri;
    }

    /**
     * The seed nodes of {@code redis-cluster://h1[:p1],h2[:p2][/0]} (port 6379 when left out; an IPv6 address in
     * brackets). A cluster has only database 0, so any other database is refused rather than ignored.
     */
    static List<RedisURI> clusterNodes(String setting, String shown, String scheme, String hostsAndPath) {
        int slash = hostsAndPath.indexOf('/');
        String hosts = slash < 0 ? hostsAndPath : hostsAndPath.substring(0, slash);
        String path = slash < 0 ? "" : hostsAndPath.substring(slash + 1);
        if (!path.isEmpty() && !"0".equals(path)) {
            throw new ImproperlyConfiguredException(setting, "'" + shown + "': a Redis Cluster has only database 0,"
                    + " so the URL may end in /0 or nothing, not /" + path);
        }
        boolean tls = scheme.startsWith("rediss");
        List<RedisURI> nodes = new ArrayList<>();
        for (String node : hosts.split(",", -1)) {
            if (node.isBlank()) {
                throw new ImproperlyConfiguredException(setting, "'" + shown + "' names no host"
                        + (hosts.isEmpty() ? "" : " in one of its comma-separated nodes"));
            }
            nodes.add(clusterNode(setting, shown, node.trim(), tls));
        }
        return nodes;
    }

    private static RedisURI clusterNode(String setting, String shown, String node, boolean tls) {
        String host = node;
        String port = "";
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || (close + 1 < node.length() && node.charAt(close + 1) != ':')) {
                throw badNode(setting, shown, node);
            }
            host = node.substring(1, close);
            port = close + 1 < node.length() ? node.substring(close + 2) : "";
        } else if (node.indexOf(':') >= 0) {
            host = node.substring(0, node.indexOf(':'));
            port = node.substring(node.indexOf(':') + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+") || (!port.isEmpty() && !port.matches("\\d{1,5}"))) {
            throw badNode(setting, shown, node);
        }
        int number = port.isEmpty() ? DEFAULT_PORT : Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw badNode(setting, shown, node);
        }
        return RedisURI.builder().withHost(host).withPort(number).withSsl(tls).build();
    }

    private static ImproperlyConfiguredException badNode(String setting, String shown, String node) {
        return new ImproperlyConfiguredException(setting, "'" + shown + "': '" + node + "' is not a cluster node;"
                + " expected host:port, e.g. redis-cluster://10.0.0.1:7000,10.0.0.2:7000");
    }

    /**
     * Sets the command timeout (on the Sentinels' URIs too, which Lettuce would otherwise give a minute) and the
     * data nodes' credentials. As Lettuce reads a URL, an empty password means no AUTH at all.
     */
    static void configure(RedisURI uri, Duration timeout, String user, char[] password) {
        uri.setTimeout(timeout);
        for (RedisURI sentinel : uri.getSentinels()) {
            sentinel.setTimeout(timeout);
        }
        if (password != null && password.length > 0) {
            if (user.isEmpty()) {
                uri.setAuthentication(password);
            } else {
                uri.setAuthentication(user, password);
            }
        }
    }
}
