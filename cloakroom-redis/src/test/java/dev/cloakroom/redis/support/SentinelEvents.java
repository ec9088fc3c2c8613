package dev.cloakroom.redis.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a set of Sentinels announce on their Pub/Sub channels ({@code +sdown}, {@code +odown}, {@code +switch-master},
 * {@code +failover-end}, ...), each with the {@link System#nanoTime()} it first arrived at from any of them (only
 * the Sentinel that leads a failover announces some of these), so that a test moves
 * from phase to phase on the Sentinels' own events rather than on sleeps or polls.
 */
public final class SentinelEvents implements AutoCloseable {
    private final List<RedisClient> clients = new ArrayList<>();
    private final List<StatefulRedisPubSubConnection<String, String>> connections = new ArrayList<>();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, String> firstMessage = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

    /** Subscribes to every channel of the Sentinels on {@code ports}; returns once the subscriptions are in place. */
    public SentinelEvents(List<Integer> ports) {
        for (int port : ports) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost(TestRedis.HOST).withPort(port)
                    .withTimeout(Duration.ofSeconds(5)).build());
            clients.add(client);
            StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
            connections.add(connection);
            subscribe(connection);
        }
    }

    private void subscribe(StatefulRedisPubSubConnection<String, String> connection) {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                long now = System.nanoTime();
                if (firstSeen.putIfAbsent(channel, now) == null) {
                    firstMessage.put(channel, message);
                }
                latch(channel).countDown();
            }
        });
        connection.sync().psubscribe("*");
    }

    /**
     * When {@code channel} was first announced ({@link System#nanoTime()}), waiting up to {@code timeout} for it.
     *
     * @throws AssertionError when it is not announced in time
     */
    public long await(String channel, Duration timeout) throws InterruptedException {
        if (!latch(channel).await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the Sentinel did not announce " + channel + " within " + timeout.toMillis()
                    + " ms; it announced " + firstSeen.keySet());
        }
        return firstSeen.get(channel);
    }

    /** The first message on {@code channel}, e.g. {@code +switch-master}'s "name old-ip old-port new-ip new-port". */
    public String message(String channel) {
        return firstMessage.get(channel);
    }

    private CountDownLatch latch(String channel) {
        return latches.computeIfAbsent(channel, c -> new CountDownLatch(1));
    }

    @Override
    public void close() {
        connections.forEach(StatefulRedisPubSubConnection::close);
        clients.forEach(client -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
    }
}
