package dev.cloakroom.bench.jmh;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A returning visitor's session loaded, one key changed and saved, through the engine of each store against the
 * real server (the shared PostgreSQL, MariaDB, Redis and Memcached on 127.0.0.1, benchmark-only tables and keys),
 * beside {@link RawStore}: the same read and write done by hand on the same server (a primary-key SELECT + UPDATE
 * on a table of django_session's shape; a Lettuce GET + SET; an xmemcached get + set; a file read and an atomic
 * rename; a Caffeine get + put).
 * {@code load} is the read alone (a /read request), {@code loadAndSave} the read and the write (a /count).
 * A store whose server is not running fails its setup, and JMH goes on with the others.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class StoreBenchmark {
    static final int SESSIONS = 1_000;

    @Param({"sqlite", "postgresql", "mariadb", "redis", "memcached", "file", "local"})
    public String store;

    private Path directory;
    private SessionEngine engine;
    private RawStore raw;
    private final List<String> keys = new ArrayList<>();
    private int next;

    @Setup
    public void setUp() throws Exception {
        directory = Files.createTempDirectory("cloakroom-jmh-" + store);
        BenchStores.Target target = BenchStores.target(store, directory);
        engine = SessionEngines.create(target.settings());
        Map<String, Object> data = SessionData.of(200, true);
        for (int i = 0; i < SESSIONS; i++) {
            Session session = engine.open(null);
            data.forEach(session::put);
            session.save();
            keys.add(session.getSessionKey());
        }
        raw = target.raw(keys, new RawSignedJson(CodecBenchmark.SECRET, "bench").encode(data, 0));
    }

    @TearDown
    public void tearDown() throws Exception {
        engine.close();
        raw.close();
        BenchStores.deleteRecursively(directory);
    }

    private String nextKey() {
        next = (next + 1) % keys.size();
        return keys.get(next);
    }

    @Benchmark
    public Object load() {
        return engine.open(nextKey()).get("count");
    }

    @Benchmark
    public String loadAndSave() {
        Session session = engine.open(nextKey());
        Object count = session.get("count");
        session.put("count", count instanceof Number n ? n.longValue() + 1 : 1L);
        session.save();
        return session.getSessionKey();
    }

    @Benchmark
    public String baselineLoad() throws Exception {
        return raw.load(nextKey());
    }

    @Benchmark
    public String baselineLoadAndSave() throws Exception {
        String key = nextKey();
        String data = raw.load(key);
        raw.save(key, data);
        return data;
    }
}
