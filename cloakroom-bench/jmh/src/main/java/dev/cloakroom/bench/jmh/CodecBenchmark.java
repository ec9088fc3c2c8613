package dev.cloakroom.bench.jmh;

import dev.cloakroom.codec.DjangoJsonSerializer;
import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.signing.SecretKeys;
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
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Encoding and decoding session data in Django's format (db, file and cache data: signed, compressed JSON),
 * beside {@link RawSignedJson} doing the same steps with nothing of Cloakroom's in the way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CodecBenchmark {
    static final String SECRET = "cloakroom-bench-only-secret-key-not-for-any-real-service";

    /** The size of the session's JSON, in bytes. */
    @Param({"200", "8192"})
    public int size;

    @Param({"compressible", "random"})
    public String content;

    private SessionCodec codec;
    private RawSignedJson raw;
    private Map<String, Object> data;
    private String encoded;
    private String rawEncoded;

    @Setup
    public void setUp() {
        codec = new SessionCodec(new SecretKeys(SECRET), SessionCodec.SESSION_STORE_SALT, new DjangoJsonSerializer(),
                Clock.systemUTC());
        raw = new RawSignedJson(SECRET, SessionCodec.SESSION_STORE_SALT);
        data = SessionData.of(size, content.equals("compressible"));
        encoded = codec.encode(data);
        rawEncoded = raw.encode(data, System.currentTimeMillis() / 1000);
        // numbers may come back as another Number type; the keys and the text are what must survive
        for (Map<String, Object> decoded : List.of(codec.decode(encoded), raw.decode(rawEncoded))) {
            if (!decoded.keySet().equals(data.keySet()) || !decoded.get("notes").equals(data.get("notes"))) {
                throw new IllegalStateException("a codec does not give back what it was given: " + decoded.keySet());
            }
        }
    }

    @Benchmark
    public String encode() {
        return codec.encode(data);
    }

    @Benchmark
    public Map<String, Object> decode() {
        return codec.decode(encoded);
    }

    @Benchmark
    public String baselineEncode() {
        return raw.encode(data, System.currentTimeMillis() / 1000);
    }

    @Benchmark
    public Map<String, Object> baselineDecode() {
        return raw.decode(rawEncoded);
    }
}
