package dev.cloakroom.bench.jmh;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Session} map operations an application calls most, on a session already loaded (so no store is in
 * the path), beside the same operations on the {@link HashMap} it holds its data in.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SessionMapBenchmark {
    private SessionEngine engine;
    private Session session;
    private final Map<String, Object> map = new HashMap<>();
    private long counter;

    @Setup
    public void setUp() {
        engine = SessionEngines.create(SessionSettings.builder().secretKey(CodecBenchmark.SECRET).engine("cache")
                .set("CACHE_DEFAULT_URL", "local:").build());
        Session created = engine.open(null);
        SessionData.of(200, true).forEach(created::put);
        created.save();
        session = engine.open(created.getSessionKey());
        session.load();
        SessionData.of(200, true).forEach(map::put);
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Object get() {
        return session.get("_auth_user_id");
    }

    @Benchmark
    public void put() {
        session.put("count", ++counter);
    }

    @Benchmark
    public boolean containsKey() {
        return session.contains("_auth_user_id");
    }

    @Benchmark
    public Object baselineGet() {
        return map.get("_auth_user_id");
    }

    @Benchmark
    public Object baselinePut() {
        return map.put("count", ++counter);
    }

    @Benchmark
    public boolean baselineContainsKey() {
        return map.containsKey("_auth_user_id");
    }
}
