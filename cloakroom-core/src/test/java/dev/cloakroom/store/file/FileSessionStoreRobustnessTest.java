package dev.cloakroom.store.file;

import dev.cloakroom.session.ExpiryPolicy;
import dev.cloakroom.store.SessionStoreException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values and thread states that must not break the file store. */
class FileSessionStoreRobustnessTest extends FileStoreFixture {

    @Test
    void aFileWithAnEnormousIntegerExpiryLoadsInsteadOfOverflowing() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(ExpiryPolicy.EXPIRY_KEY, Long.MAX_VALUE);
        plant(KEY, codec.encode(data), NOW);
        assertThatCode(() -> store.load(KEY)).doesNotThrowAnyException();
        assertThat(store.load(KEY)).isPresent();
    }

    @Test
    void anInterruptedCallerDoesNotReleaseTheLocksOtherThreadsHold() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] holder = new Thread[1];
        Clock parksTheHolder = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                if (Thread.currentThread() == holder[0]) {
                    inside.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return NOW;
            }
        };
        ExpiryPolicy parkingPolicy = new ExpiryPolicy(COOKIE_AGE, false, true, ZoneId.of("UTC"), parksTheHolder);
        plant(KEY, codec.encode(new LinkedHashMap<>(Map.of("a", 1))), NOW);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (FileSessionStore first = new FileSessionStore(dir, "sessionid", parkingPolicy, codec);
                FileSessionStore second = new FileSessionStore(dir, "sessionid", policy, codec)) {
            holder[0] = new Thread(() -> first.load(KEY));
            holder[0].start();
            assertThat(inside.await(5, TimeUnit.SECONDS)).as("the holder is inside KEY's lock").isTrue();
            Future<?> waiting = pool.submit(() -> second.load(KEY));
            assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            String otherKey = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
            assertThat(Math.floorMod(otherKey.hashCode(), KeyLocks.STRIPES))
                    .isNotEqualTo(Math.floorMod(KEY.hashCode(), KeyLocks.STRIPES));
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    first.load(otherKey);
                } catch (SessionStoreException refusedBecauseInterrupted) {
                    // either outcome is fine for this caller; what matters is the holder's lock
                }
            });
            interrupted.start();
            interrupted.join();

            try {
                assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS))
                        .as("the holder is still inside: the second store must still wait")
                        .isInstanceOf(TimeoutException.class);
            } finally {
                release.countDown();
                holder[0].join();
            }
            waiting.get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
