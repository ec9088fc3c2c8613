package dev.cloakroom.store.file;

import dev.cloakroom.store.SessionStoreException;
import org.junit.jupiter.api.Test;

import java.nio.file.attribute.FileAttribute;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values and thread states that must not break the file store. */
class FileSessionStoreRobustnessTest extends FileStoreFixture {

    @Test
    void anInterruptedCallerDoesNotReleaseTheLocksOtherThreadsHold() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.create(KEY, recordOf("a", 1));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        // The holder's locks are those of a second store on the same directory in this JVM.
        KeyLocks first = new KeyLocks(dir.resolve(FileSessionStore.LOCK_FILE_NAME), new FileAttribute<?>[0]);
        Thread holder = new Thread(() -> {
            try {
                first.withLock(KEY, () -> {
                    inside.countDown();
                    return awaitQuietly(release);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            holder.start();
            assertThat(inside.await(5, TimeUnit.SECONDS)).as("the holder is inside KEY's lock").isTrue();
            Future<?> waiting = pool.submit(() -> store.delete(KEY));
            assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            String otherKey = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
            assertThat(Math.floorMod(otherKey.hashCode(), KeyLocks.STRIPES))
                    .isNotEqualTo(Math.floorMod(KEY.hashCode(), KeyLocks.STRIPES));
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    first.withLock(otherKey, () -> null);
                } catch (SessionStoreException | java.io.IOException refusedBecauseInterrupted) {
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
                holder.join();
            }
            waiting.get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            first.close();
        }
    }
}
