package dev.cloakroom.redis;

import dev.cloakroom.redis.support.RequiresRedis;
import dev.cloakroom.redis.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second issue of a write whose first issue ran but whose reply was lost answers as the first would have; a
 * first issue, or a second whose first never ran, answers as the command always did. Run against the shared Redis
 * (database {@value TestRedis#DATABASE}), the "first issue" written beforehand.
 */
@RequiresRedis
class ReissuableCommandsTest {
    private final String prefix = TestRedis.uniquePrefix();
    private final String digest = RedisCacheBackend.sha1Hex(ReissuableCommands.COMPARE_AND_SET_SCRIPT);

    @AfterEach
    void deleteKeys() {
        TestRedis.deleteKeys(prefix);
    }

    @Test
    void aReissuedAddThatFindsItsOwnValueCountsAsDoneAndAnyOtherValueAsTaken() {
        String key = prefix + "new";
        TestRedis.withCommands(redis -> {
            assertThat(ReissuableCommands.add(redis, key, "mine", 60_000, true)).as("first issue never ran").isTrue();
            assertThat(ReissuableCommands.add(redis, key, "mine", 60_000, true)).as("first issue ran").isTrue();
            assertThat(ReissuableCommands.add(redis, key, "mine", 60_000, false)).as("not reissued").isFalse();
            assertThat(ReissuableCommands.add(redis, key, "theirs", 60_000, true)).as("another writer's").isFalse();
            assertThat(redis.get(key)).isEqualTo("mine");
            return null;
        });
    }

    @Test
    void aReissuedConditionalSaveThatFindsItsOwnNewValueReportsTheSwapItMade() {
        String key = prefix + "saved";
        TestRedis.withCommands(redis -> {
            redis.set(key, "loaded");
            assertThat(cas(redis, key, "loaded", "saved", "60000", true)).as("first issue never ran")
                    .isEqualTo(ReissuableCommands.SWAPPED);
            assertThat(cas(redis, key, "loaded", "saved", "60000", true)).as("first issue ran")
                    .isEqualTo(ReissuableCommands.SWAPPED);
            assertThat(cas(redis, key, "loaded", "saved", "60000", false)).as("not reissued")
                    .isEqualTo(ReissuableCommands.CHANGED);
            redis.set(key, "another request's save");
            assertThat(cas(redis, key, "loaded", "saved", "60000", true)).as("another request saved after it")
                    .isEqualTo(ReissuableCommands.CHANGED);
            assertThat(redis.get(key)).isEqualTo("another request's save");
            return null;
        });
    }

    @Test
    void aReissuedConditionalDeleteThatFindsNoEntryHasDoneItsWork() {
        String key = prefix + "deleted";
        TestRedis.withCommands(redis -> {
            redis.set(key, "loaded");
            assertThat(cas(redis, key, "loaded", "", "0", false)).isEqualTo(ReissuableCommands.SWAPPED);
            assertThat(cas(redis, key, "loaded", "", "0", true)).as("first issue ran")
                    .isEqualTo(ReissuableCommands.SWAPPED);
            assertThat(cas(redis, key, "loaded", "", "0", false)).as("not reissued")
                    .isEqualTo(ReissuableCommands.ABSENT);
            return null;
        });
    }

    private long cas(io.lettuce.core.api.sync.RedisCommands<String, String> redis, String key, String expected,
            String value, String millis, boolean reissued) {
        return ReissuableCommands.compareAndSet(redis, digest, key, RedisCacheBackend.sha1Hex(expected), value, millis,
                reissued);
    }
}
