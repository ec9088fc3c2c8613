package dev.cloakroom.store.file;

import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Create, the conditional replace, delete, and the locks that make them atomic. */
class FileSessionStoreReplaceTest extends FileStoreFixture {

    @Test
    void createRefusesAKeyThatIsTakenAndLeavesTheFileAlone() throws IOException {
        SessionRecord first = recordOf("a", 1);
        assertThat(store.create(KEY, first)).isTrue();
        assertThat(store.create(KEY, recordOf("a", 2))).isFalse();
        assertThat(Files.readString(fileOf(KEY), StandardCharsets.US_ASCII)).isEqualTo(first.data());
    }

    @Test
    void replaceOfTheExpectedContentWritesTheReplacement() throws IOException {
        SessionRecord loaded = recordOf("a", 1);
        store.create(KEY, loaded);
        clock.advance(Duration.ofSeconds(5));
        SessionRecord replacement = recordOf("a", 2);
        assertThat(store.replace(KEY, loaded, replacement)).isEqualTo(ReplaceOutcome.REPLACED);
        assertThat(Files.readString(fileOf(KEY), StandardCharsets.US_ASCII)).isEqualTo(replacement.data());
        assertThat(Files.getLastModifiedTime(fileOf(KEY)).toInstant()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void replaceAfterAWriteBehindItsBackConflictsAndWritesNothing() throws IOException {
        SessionRecord loaded = recordOf("a", 1);
        store.create(KEY, loaded);
        String djangoWrote = recordOf("written", "by django").data();
        plant(KEY, djangoWrote, NOW);
        assertThat(store.replace(KEY, loaded, recordOf("a", 2))).isEqualTo(ReplaceOutcome.CONFLICT);
        assertThat(Files.readString(fileOf(KEY), StandardCharsets.US_ASCII)).isEqualTo(djangoWrote);
    }

    @Test
    void replaceOfADeletedSessionIsMissingAndCreatesNoFile() {
        SessionRecord loaded = recordOf("a", 1);
        store.create(KEY, loaded);
        store.delete(KEY);
        assertThat(store.replace(KEY, loaded, recordOf("a", 2))).isEqualTo(ReplaceOutcome.MISSING);
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void deleteRemovesTheFileAndToleratesAMissingOne() {
        store.create(KEY, recordOf("a", 1));
        store.delete(KEY);
        assertThat(Files.exists(fileOf(KEY))).isFalse();
        store.delete(KEY);
        assertThat(store.exists(KEY)).isFalse();
    }

    @Test
    void nonAsciiDataIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> store.create(KEY, new SessionRecord("caf\u00e9", NOW.plusSeconds(60))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(fileOf(KEY))).isFalse();
    }

    @Test
    void concurrentReadModifyWritesThroughTwoStoresLoseNoUpdate() throws Exception {
        FileSessionStore second = new FileSessionStore(dir, "sessionid");
        Instant expires = NOW.plus(Duration.ofDays(1));
        store.create(KEY, new SessionRecord("count:0", expires, NOW));
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                FileSessionStore mine = t % 2 == 0 ? store : second;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        while (true) {
                            SessionRecord current = mine.load(KEY).orElseThrow();
                            int count = Integer.parseInt(current.data().substring("count:".length()));
                            SessionRecord next = new SessionRecord("count:" + (count + 1), expires, NOW);
                            if (mine.replace(KEY, current, next) == ReplaceOutcome.REPLACED) {
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            second.close();
        }
        assertThat(store.load(KEY).orElseThrow().data()).isEqualTo("count:" + threads * perThread);
    }

    @Test
    void aLockHeldOnTheLockFileByAnotherHolderMakesWritersWait() throws Exception {
        SessionRecord loaded = recordOf("a", 1);
        store.create(KEY, loaded);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (FileChannel other = FileChannel.open(dir.resolve(FileSessionStore.LOCK_FILE_NAME),
                StandardOpenOption.WRITE)) {
            Future<ReplaceOutcome> replace;
            FileLock everything = other.lock();
            try {
                replace = pool.submit(() -> store.replace(KEY, loaded, recordOf("a", 2)));
                assertThatThrownBy(() -> replace.get(300, TimeUnit.MILLISECONDS))
                        .isInstanceOf(TimeoutException.class);
                assertThat(Files.readString(fileOf(KEY), StandardCharsets.US_ASCII)).isEqualTo(loaded.data());
            } finally {
                everything.release();
            }
            assertThat(replace.get(10, TimeUnit.SECONDS)).isEqualTo(ReplaceOutcome.REPLACED);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Another JVM sharing the directory, holding every key's lock until its input is closed. */
    private Process startLockHolder() throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), dir.resolve(FileSessionStore.LOCK_FILE_NAME).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.US_ASCII));
        assertThat(output.readLine()).isEqualTo("locked");
        return holder;
    }

    @Test
    void aLockHeldByAnotherProcessMakesWritersWait() throws Exception {
        SessionRecord loaded = recordOf("a", 1);
        store.create(KEY, loaded);
        Process holder = startLockHolder();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ReplaceOutcome> replace = pool.submit(() -> store.replace(KEY, loaded, recordOf("a", 2)));
            assertThatThrownBy(() -> replace.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(Files.readString(fileOf(KEY), StandardCharsets.US_ASCII)).isEqualTo(loaded.data());
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(replace.get(10, TimeUnit.SECONDS)).isEqualTo(ReplaceOutcome.REPLACED);
        } finally {
            pool.shutdownNow();
            holder.destroy();
        }
    }

    /** Loads take no lock (atomic renames keep files whole), so another process's lock never holds them up. */
    @Test
    void aLockHeldByAnotherProcessDoesNotHoldUpLoads() throws Exception {
        SessionRecord written = recordOf("a", 1);
        store.create(KEY, written);
        Process holder = startLockHolder();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<SessionRecord>> load = pool.submit(() -> store.load(KEY));
            assertThat(load.get(2, TimeUnit.SECONDS)).contains(asStored(written));
            assertThat(store.exists(KEY)).isTrue();
            Future<?> delete = pool.submit(() -> store.delete(KEY));
            assertThatThrownBy(() -> delete.get(300, TimeUnit.MILLISECONDS))
                    .as("the lock really is held: a write waits").isInstanceOf(TimeoutException.class);
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            delete.get(10, TimeUnit.SECONDS);
            assertThat(Files.exists(fileOf(KEY))).isFalse();
        } finally {
            pool.shutdownNow();
            holder.destroy();
        }
    }
}
