package dev.cloakroom.bench.jmh;

import dev.cloakroom.signing.SecretKeys;
import dev.cloakroom.signing.TimestampSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Signing and checking a 200-character value with Django's {@code TimestampSigner} (what every session cookie
 * of signed_cookies and every stored record goes through), beside a bare HMAC-SHA256 of the same value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SigningBenchmark {
    private static final String SALT = "django.contrib.sessions.backends.signed_cookies";

    private TimestampSigner signer;
    private RawSignedJson raw;
    private String value;
    private String signed;
    private String rawSigned;

    @Setup
    public void setUp() {
        signer = new TimestampSigner(new SecretKeys(CodecBenchmark.SECRET), SALT, Clock.systemUTC());
        raw = new RawSignedJson(CodecBenchmark.SECRET, SALT);
        value = "eyJfYXV0aF91c2VyX2lkIjoiNDIiLCJjb3VudCI6N30".repeat(5).substring(0, 200);
        signed = signer.sign(value);
        rawSigned = raw.sign(value);
    }

    @Benchmark
    public String sign() {
        return signer.sign(value);
    }

    @Benchmark
    public String unsign() {
        return signer.unsign(signed);
    }

    @Benchmark
    public String baselineSign() {
        return raw.sign(value);
    }

    @Benchmark
    public String baselineUnsign() {
        return raw.unsign(rawSigned);
    }
}
