package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.redis.support.RequiresRedis;
import dev.cloakroom.redis.support.TestRedis;
import dev.cloakroom.testkit.CacheBackendContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The CacheBackend contract on the local Redis. Redis keeps its own time, so the contract's TTL tests wait
 * in real time (about two seconds each) instead of moving the test clock.
 */
@RequiresRedis
class RedisCacheBackendTest extends CacheBackendContract {
    private final String prefix = TestRedis.uniquePrefix();

    /** Built the way an engine builds it: through the provider registered for the redis scheme. */
    @Override
    protected CacheBackend createBackend(Clock clock) {
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider.schemes().contains("redis")) {
                return provider.create(TestRedis.url(prefix), clock);
            }
        }
        throw new AssertionError("no CacheBackendProvider serves the redis scheme");
    }

    @Override
    protected boolean followsInjectedClock() {
        return false;
    }

    @AfterEach
    void deleteThisTestsKeys() {
        TestRedis.deleteKeys(prefix);
    }

    /** A TTL under a millisecond still stores the entry: it is rounded up, never down to Redis's refused 0. */
    @Test
    void aSubMillisecondTtlStillStoresTheEntry() {
        cache.set(key("k"), "v", Duration.ofNanos(999_999).plusSeconds(60));
        assertThat(cache.get(key("k"))).contains("v");
        // One millisecond is all these get, so they may be gone at once; what matters is that Redis accepts them.
        assertThatCode(() -> cache.set(key("tiny"), "v", Duration.ofNanos(1))).doesNotThrowAnyException();
        assertThatCode(() -> cache.add(key("tiny add"), "v", Duration.ofNanos(1))).doesNotThrowAnyException();
        cache.set(key("tiny swap"), "v", ttl());
        assertThat(cache.compareAndSet(key("tiny swap"), "v", "w", Duration.ofNanos(1))).isEqualTo(CasResult.SWAPPED);
    }

    /** An absurdly long TTL is capped to one Redis accepts instead of overflowing its clock. */
    @Test
    void anEnormousTtlIsAccepted() {
        cache.set(key("forever"), "v", Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(cache.get(key("forever"))).contains("v");
        assertThat(cache.add(key("forever add"), "v", Duration.ofDays(365L * 1_000_000))).isTrue();
        cache.set(key("swap"), "v", ttl());
        assertThat(cache.compareAndSet(key("swap"), "v", "w", Duration.ofSeconds(Long.MAX_VALUE)))
                .isEqualTo(CasResult.SWAPPED);
        assertThat(cache.get(key("swap"))).contains("w");
    }

    /**
     * The contract's clock-driven TTL tests skip here (Redis keeps its own time); what they check is read from
     * Redis itself instead: the remaining TTL after set, after a second set, and after compareAndSet.
     */
    @Test
    void setAndCompareAndSetGiveTheEntryExactlyTheirTtlAsRedisReportsIt() {
        cache.set(key("k"), "v1", Duration.ofSeconds(100));
        assertThat(remainingMillis("k")).isBetween(90_000L, 100_000L);

        cache.set(key("k"), "v2", Duration.ofSeconds(300));
        assertThat(remainingMillis("k")).as("a second set restarts the TTL").isBetween(290_000L, 300_000L);

        assertThat(cache.compareAndSet(key("k"), "v2", "v3", Duration.ofSeconds(500))).isEqualTo(CasResult.SWAPPED);
        assertThat(remainingMillis("k")).as("compareAndSet applies its TTL").isBetween(490_000L, 500_000L);

        assertThat(cache.add(key("added"), "v", Duration.ofSeconds(200))).isTrue();
        assertThat(remainingMillis("added")).isBetween(190_000L, 200_000L);
    }

    private long remainingMillis(String name) {
        return TestRedis.withCommands(redis -> redis.pttl(prefix + key(name)));
    }

    /** compareAndSet calls the script by the digest Redis files it under, so EVALSHA finds it after first use. */
    @Test
    void theCompareAndSetScriptIsKnownToRedisByItsDigest() {
        cache.set(key("k"), "v", ttl());
        assertThat(cache.compareAndSet(key("k"), "v", "w", ttl())).isEqualTo(CasResult.SWAPPED);
        String digest = RedisCacheBackend.sha1Hex(RedisCacheBackend.COMPARE_AND_SET_SCRIPT);
        List<Boolean> known = TestRedis.withCommands(redis -> redis.scriptExists(digest));
        assertThat(known).containsExactly(true);
    }

    /**
     * A conditional save sends the SHA-1 of the value it expects, not the value: Redis reads one copy of the
     * session, where sending the expected value too would double every save.
     */
    @Test
    void aConditionalSaveSendsOneCopyOfTheSessionNotTwo() {
        String loaded = "loaded session ".repeat(600);
        String saved = "saved session! ".repeat(600);
        // The counter is the server's, shared with every client; other traffic only adds to it, so the
        // fewest bytes of three saves is this client's.
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            cache.set(key("big"), loaded, ttl());
            long before = bytesRedisHasRead();
            assertThat(cache.compareAndSet(key("big"), loaded, saved, ttl())).isEqualTo(CasResult.SWAPPED);
            fewest = Math.min(fewest, bytesRedisHasRead() - before);
            assertThat(cache.get(key("big"))).contains(saved);
        }
        // the new value, the key, the digests, the TTL and the INFO command that measures it
        assertThat(fewest).as("bytes Redis read for the save").isBetween((long) saved.length(), saved.length() + 1024L);
    }

    /** The digest is taken of the bytes Redis holds: UTF-8 here, one byte a character in Django's byte view. */
    @Test
    void aConditionalSaveComparesNonAsciiValuesByTheirStoredBytes() {
        String loaded = "caf\u00e9 \u2713 \ud83c\udf6a";
        cache.set(key("text"), loaded, ttl());
        assertThat(cache.compareAndSet(key("text"), "cafe \u2713 \ud83c\udf6a", "w", ttl())).isEqualTo(CasResult.CHANGED);
        assertThat(cache.compareAndSet(key("text"), loaded, "w", ttl())).isEqualTo(CasResult.SWAPPED);

        CacheBackend bytes = cache.djangoValues().orElseThrow();
        String pickle = "\u0080\u0004\u00e9\u00ff.";
        bytes.set(key("bytes"), pickle, ttl());
        assertThat(bytes.compareAndSet(key("bytes"), "\u0080\u0004\u00e8\u00ff.", "w", ttl())).isEqualTo(CasResult.CHANGED);
        assertThat(bytes.compareAndSet(key("bytes"), pickle, "\u0080\u0004N.", ttl())).isEqualTo(CasResult.SWAPPED);
        assertThat(bytes.get(key("bytes"))).contains("\u0080\u0004N.");
    }

    private static long bytesRedisHasRead() {
        String stats = TestRedis.withCommands(redis -> redis.info("stats"));
        return stats.lines().filter(line -> line.startsWith("total_net_input_bytes:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no total_net_input_bytes in INFO stats"));
    }

    /** Keys carry the URL's keyPrefix in Redis, so two prefixes on one database never see each other. */
    @Test
    void theKeyPrefixSeparatesCaches() {
        String otherPrefix = TestRedis.uniquePrefix();
        try (CacheBackend other = TestRedis.backend(otherPrefix)) {
            cache.set(key("k"), "mine", ttl());
            assertThat(other.get(key("k"))).isEmpty();
            other.set(key("k"), "theirs", ttl());
            assertThat(cache.get(key("k"))).contains("mine");
            try (CacheBackend unprefixedView = TestRedis.backend("")) {
                assertThat(unprefixedView.get(prefix + key("k"))).contains("mine");
                assertThat(unprefixedView.get(otherPrefix + key("k"))).contains("theirs");
            }
        } finally {
            TestRedis.deleteKeys(otherPrefix);
        }
    }
}
