package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.testkit.LogCapture;
import dev.cloakroom.testkit.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Redis of the test's own killed for five seconds under a steady trickle of calls and started again: the
 * backend answers again within a second of the server accepting connections (Lettuce's default backoff had grown
 * to seconds by then), and the whole outage leaves two lines in the log, one when it starts and one when it
 * ends with the count of failed calls, not one per failed call.
 */
class RedisReconnectTest {
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Duration RECOVERY_TARGET = Duration.ofSeconds(1);

    private ServerProcess redis;
    private RedisCacheBackend cache;

    @BeforeEach
    void startRedis() throws Exception {
        redis = ServerProcess.redis().start();
        cache = new RedisCacheBackend(RedisCacheUrl.parse("redis://127.0.0.1:" + redis.port() + "/0?timeout=500ms"));
        // The first connection of a JVM can be slow on a busy machine; it is not what is measured here.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                cache.set("k", "v", Duration.ofMinutes(1));
                break;
            } catch (CacheUnavailableException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterEach
    void stop() {
        cache.close();
        redis.close();
    }

    @Test
    void afterAFiveSecondOutageTheBackendAnswersWithinASecondAndLogsTwoLines() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            redis.kill();
            long outageEnds = System.nanoTime() + OUTAGE.toNanos();
            int failures = 0;
            while (System.nanoTime() < outageEnds) {
                assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheUnavailableException.class);
                failures++;
                Thread.sleep(20);
            }
            redis.start();
            long back = System.nanoTime();
            while (true) {
                try {
                    assertThat(cache.get("k")).as("a killed Redis without persistence comes back empty").isEmpty();
                    break;
                } catch (CacheUnavailableException notYet) {
                    assertThat(Duration.ofNanos(System.nanoTime() - back)).as("time to recover")
                            .isLessThan(RECOVERY_TARGET);
                    Thread.sleep(10);
                }
            }
            Duration recovery = Duration.ofNanos(System.nanoTime() - back);
            System.out.printf("redis-reconnect: failures=%d recoveryMs=%d%n", failures, recovery.toMillis());
            assertThat(recovery).isLessThan(RECOVERY_TARGET);

            List<String> backendLines = log.text().lines()
                    .filter(line -> line.contains(RedisCacheBackend.class.getName())).toList();
            assertThat(failures).isGreaterThan(50);
            assertThat(backendLines).as("log lines of the backend for " + failures + " failed calls").hasSize(2);
            assertThat(backendLines.get(0)).contains("WARN", "is unavailable", "127.0.0.1:" + redis.port())
                    .doesNotContain("Exception:");
            assertThat(backendLines.get(1)).contains("INFO", "answers again", "calls failed meanwhile");
            assertThat(log.text()).as("no stack trace anywhere").doesNotContain("\tat ");
        }
    }
}
