package dev.cloakroom.memcached;

import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.memcached.support.OwnMemcached;
import dev.cloakroom.memcached.support.RequiresMemcachedBinary;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One cache over several servers, as Django's {@code LOCATION} list: keys spread over them by rendezvous hashing,
 * a lost server's keys fail fast instead of moving (also when it was down from the start), the other servers go
 * on, and a server that comes back serves its keys again. Two servers of the test's own, read behind the
 * backend's back one by one. Where each key goes is {@code MemcachedDjangoPlacementTest}'s.
 */
@RequiresMemcachedBinary
class MemcachedServersTest {
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final int KEYS = 200;

    private OwnMemcached first;
    private OwnMemcached second;

    @BeforeEach
    void startServers() throws Exception {
        first = OwnMemcached.start();
        second = OwnMemcached.start();
    }

    @AfterEach
    void killServers() throws InterruptedException {
        first.close();
        second.close();
    }

    @Test
    void keysAreSpreadOverEveryServerAndEachIsOnExactlyOne() throws Exception {
        try (MemcachedCacheBackend cache = backend()) {
            for (int i = 0; i < KEYS; i++) {
                cache.set("key-" + i, "v" + i, TTL);
            }
            List<String> onFirst = keysOn(first);
            List<String> onSecond = keysOn(second);
            assertThat(onFirst.size() + onSecond.size()).isEqualTo(KEYS);
            assertThat(onFirst).doesNotContainAnyElementsOf(onSecond);
            // Rendezvous hashing gives each of two servers about half; a third either way is far outside its spread.
            assertThat(onFirst.size()).isBetween(KEYS / 6, KEYS * 5 / 6);
            for (int i = 0; i < KEYS; i++) {
                assertThat(cache.get("key-" + i)).contains("v" + i);
            }
        }
    }

    @Test
    void aKilledServersKeysFailFastWhileTheOtherServersKeysStillWork() throws Exception {
        try (MemcachedCacheBackend cache = backend()) {
            for (int i = 0; i < KEYS; i++) {
                cache.set("key-" + i, "v" + i, TTL);
            }
            List<String> onFirst = keysOn(first);
            List<String> onSecond = keysOn(second);
            second.kill();

            for (String key : onFirst) {
                assertThat(cache.get(key)).as(key).contains("v" + key.substring(4));
            }
            for (String key : onSecond.subList(0, 10)) {
                // Not moved to the first server: a second copy there would outlive the outage and go stale.
                assertThatThrownBy(() -> cache.get(key)).isInstanceOf(CacheUnavailableException.class)
                        .hasMessageContaining(second.location());
                assertThatThrownBy(() -> cache.add(key, "elsewhere", TTL)).isInstanceOf(CacheUnavailableException.class);
            }
            assertThat(keysOn(first)).containsExactlyInAnyOrderElementsOf(onFirst);
        }
    }

    @Test
    void aServerDownWhenTheBackendStartsKeepsItsKeysAndServesThemOnceItIsUp() throws Exception {
        List<String> onFirst;
        List<String> onSecond;
        try (MemcachedCacheBackend cache = backend()) {
            for (int i = 0; i < KEYS; i++) {
                cache.set("key-" + i, "v" + i, TTL);
            }
            onFirst = keysOn(first);
            onSecond = keysOn(second);
        }
        second.kill();
        try (MemcachedCacheBackend cache = backend()) {
            for (String key : onSecond.subList(0, 10)) {
                assertThatThrownBy(() -> cache.set(key, "elsewhere", TTL)).as(key)
                        .isInstanceOf(CacheUnavailableException.class);
            }
            for (String key : onFirst) {
                assertThat(cache.get(key)).as(key).contains("v" + key.substring(4));
            }
            assertThat(keysOn(first)).as("nothing of the second's written to the first")
                    .containsExactlyInAnyOrderElementsOf(onFirst);

            second.restart();
            String key = onSecond.get(0);
            awaitServed(cache, key);
            assertThat(cache.get(key)).as("the restarted server came back empty").isEmpty();
            cache.set(key, "again", TTL);
            assertThat(keysOn(second)).as("the key went back to its own server").containsExactly(key);
        }
    }

    @Test
    void aKilledServerThatComesBackServesItsKeysAgain() throws Exception {
        try (MemcachedCacheBackend cache = backend()) {
            for (int i = 0; i < KEYS; i++) {
                cache.set("key-" + i, "v" + i, TTL);
            }
            List<String> onSecond = keysOn(second);
            second.kill();
            String key = onSecond.get(0);
            assertThatThrownBy(() -> cache.get(key)).isInstanceOf(CacheUnavailableException.class);

            second.restart();
            awaitServed(cache, key);
            cache.set(key, "again", TTL);
            assertThat(cache.get(key)).contains("again");
            assertThat(keysOn(second)).containsExactly(key);
            assertThat(keysOn(first)).doesNotContain(key);
        }
    }

    /** Waits (at most 10 s, xmemcached reconnecting on its schedule) until a read of {@code key} is answered. */
    private static void awaitServed(MemcachedCacheBackend cache, String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                cache.get(key);
                return;
            } catch (CacheUnavailableException stillDown) {
                if (System.nanoTime() > deadline) {
                    throw stillDown;
                }
                Thread.sleep(50);
            }
        }
    }

    /** A get followed by the compareAndSet of what it read swaps with the get's CAS unique: no second read. */
    @Test
    void compareAndSetOfTheValueJustReadSendsNoSecondRead() throws Exception {
        try (MemcachedCacheBackend cache = new MemcachedCacheBackend(MemcachedCacheConfig.builder("test")
                .locations(List.of(first.location())).build())) {
            cache.set("k", "v", TTL);
            assertThat(cache.get("k")).contains("v");
            long readsBefore = stat(first, "cmd_get");
            assertThat(cache.compareAndSet("k", "v", "w", TTL)).isEqualTo(CasResult.SWAPPED);
            assertThat(stat(first, "cmd_get")).isEqualTo(readsBefore);
            assertThat(stat(first, "cas_hits")).isEqualTo(1);

            assertThat(cache.compareAndSet("k", "w", "x", TTL)).as("no get before: gets, then cas")
                    .isEqualTo(CasResult.SWAPPED);
            assertThat(stat(first, "cmd_get")).isEqualTo(readsBefore + 1);
            assertThat(cache.casTokenCount()).isZero();
        }
    }

    private MemcachedCacheBackend backend() {
        return new MemcachedCacheBackend(MemcachedCacheConfig.builder("test")
                .locations(List.of(first.location(), second.location()))
                .timeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500)).build());
    }

    /** Which of {@code key-0 ... key-199} the server holds, asked directly. */
    private static List<String> keysOn(OwnMemcached server) throws Exception {
        MemcachedClient client = new XMemcachedClientBuilder(server.location()).build();
        try {
            List<String> held = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                if (client.get("key-" + i) != null) {
                    held.add("key-" + i);
                }
            }
            return held;
        } finally {
            client.shutdown();
        }
    }

    private static long stat(OwnMemcached server, String name) throws Exception {
        MemcachedClient client = new XMemcachedClientBuilder(server.location()).build();
        try {
            return Long.parseLong(client.getStats().values().iterator().next().get(name));
        } finally {
            client.shutdown();
        }
    }
}
