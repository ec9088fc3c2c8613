package dev.cloakroom.testkit;

import dev.cloakroom.session.Session;
import dev.cloakroom.SessionInterruptedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Beyond Django: what Cloakroom promises when requests of one visitor overlap (DESIGN.md, "No lost
 * updates"). Each {@link Session} here stands for one request: opened with the key, changed, saved.
 * Skipped for engines without server-side state, whose every cookie is a session of its own.
 */
public abstract class ConcurrentRequestsContract extends DjangoSessionContract {
    /** Writers in {@link #testConcurrentWritersToOneSessionLoseNoUpdate()}. */
    protected static final int WRITER_THREADS = 16;
    /** Writes per writer. */
    protected static final int WRITES_PER_THREAD = 200;

    /** Two requests that change different keys both keep their change, whichever saves last. */
    @Test
    public void testSaveMergesAnOverlappingRequestsChangesToOtherKeys() {
        session.put("shared", "start");
        session.save();
        Session first = open(session.getSessionKey());
        Session second = open(session.getSessionKey());
        first.put("from first", 1);
        second.put("from second", 2);
        second.remove("shared");
        first.save();
        second.save();

        assertThat(jsonMap(open(session.getSessionKey()).asMap()))
                .isEqualTo(jsonMap(Map.of("from first", 1, "from second", 2)));
        assertThat(first.getSessionKey()).isEqualTo(session.getSessionKey());
        assertThat(second.getSessionKey()).isEqualTo(session.getSessionKey());
    }

    /** A request that cleared the session keeps only what it wrote afterwards, as it would alone. */
    @Test
    public void testClearWinsOverAnEarlierOverlappingWrite() {
        session.put("old", "value");
        session.save();
        Session clearing = open(session.getSessionKey());
        Session writing = open(session.getSessionKey());
        clearing.get("old");
        writing.put("other", "value");
        writing.save();
        clearing.clear();
        clearing.put("fresh", true);
        clearing.save();

        assertThat(open(session.getSessionKey()).asMap()).isEqualTo(Map.of("fresh", true));
    }

    /**
     * Sixteen threads each write their own key of one session 200 times, every write through a new
     * Session opened with the key, as separate requests would: all 3,200 writes must be present.
     * Each thread also appends to a list only it writes, so a single lost write shows up.
     */
    @Test
    public void testConcurrentWritersToOneSessionLoseNoUpdate() throws Exception {
        session.put("owner", "contract");
        session.save();
        String key = session.getSessionKey();

        ExecutorService pool = Executors.newFixedThreadPool(WRITER_THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int thread = 0; thread < WRITER_THREADS; thread++) {
                int writer = thread;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int write = 0; write < WRITES_PER_THREAD; write++) {
                        Session request = open(key);
                        List<Object> log = new ArrayList<>(listOrEmpty(request.get("log" + writer)));
                        log.add(write);
                        request.put("t" + writer, write);
                        request.put("log" + writer, log);
                        request.save();
                        if (!key.equals(request.getSessionKey())) {
                            throw new AssertionError("save moved the session to another key: " + request.getSessionKey());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                try {
                    writer.get(5, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    throw new AssertionError("a writer failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Object> stored = open(key).asMap();
        List<Long> everyWrite = IntStream.range(0, WRITES_PER_THREAD).mapToObj(i -> (long) i).collect(Collectors.toList());
        long applied = 0;
        for (int writer = 0; writer < WRITER_THREADS; writer++) {
            assertThat(asLong(stored.get("t" + writer))).as("t%d", writer).isEqualTo(WRITES_PER_THREAD - 1);
            List<Long> log = listOrEmpty(stored.get("log" + writer)).stream().map(ConcurrentRequestsContract::asLong)
                    .collect(Collectors.toList());
            assertThat(log).as("writes of thread %d", writer).isEqualTo(everyWrite);
            applied += log.size();
        }
        assertThat(applied).isEqualTo((long) WRITER_THREADS * WRITES_PER_THREAD);
        assertThat(stored).containsEntry("owner", "contract");
    }

    /** A save after another request deleted the session (a logout) fails and recreates nothing. */
    @Test
    public void testSaveAfterConcurrentDeleteThrowsAndStoresNothing() {
        session.put("a", 1);
        session.save();
        String key = session.getSessionKey();
        Session requestA = open(key);
        assertThat(json(requestA.get("a"))).isEqualTo(json(1));
        Session logout = open(key);
        logout.flush();

        requestA.put("b", 2);
        assertThatThrownBy(requestA::save).isInstanceOf(SessionInterruptedException.class)
                .hasMessage(SessionInterruptedException.MESSAGE);
        assertThat(requestA.exists(key)).isFalse();
        assertThat(rawStoredData(key)).isEmpty();
        assertThat(open(key).asMap()).isEmpty();
    }

    /** The same when the other request conflicted first and deleted afterwards. */
    @Test
    public void testSaveAfterConcurrentWriteThenDeleteThrowsAndStoresNothing() {
        session.put("a", 1);
        session.save();
        String key = session.getSessionKey();
        Session requestA = open(key);
        requestA.put("mine", "pending");
        Session requestB = open(key);
        requestB.put("theirs", "saved");
        requestB.save();
        requestB.delete();

        assertThatThrownBy(requestA::save).isInstanceOf(SessionInterruptedException.class);
        assertThat(requestA.exists(key)).isFalse();
        assertThat(rawStoredData(key)).isEmpty();
    }

    /** A login elsewhere moved the data to a new key: the old key stays dead, the new one keeps its data. */
    @Test
    public void testSaveAfterConcurrentCycleKeyDoesNotResurrectTheOldKey() {
        session.put("a", 1);
        session.save();
        String oldKey = session.getSessionKey();
        Session requestA = open(oldKey);
        assertThat(json(requestA.get("a"))).isEqualTo(json(1));
        Session login = open(oldKey);
        login.put("user", "alice");
        login.cycleKey();
        String newKey = login.getSessionKey();

        requestA.put("b", 2);
        assertThatThrownBy(requestA::save).isInstanceOf(SessionInterruptedException.class);
        assertThat(requestA.exists(oldKey)).isFalse();
        assertThat(jsonMap(open(newKey).asMap())).isEqualTo(jsonMap(Map.of("a", 1, "user", "alice")));
        login.delete();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listOrEmpty(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    private static long asLong(Object number) {
        if (!(number instanceof Number)) {
            throw new AssertionError("expected a number, got " + number);
        }
        return ((Number) number).longValue();
    }
}
