package dev.cloakroom.memcached;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackend.CasResult;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.memcached.support.RequiresMemcached;
import dev.cloakroom.memcached.support.TestMemcached;
import dev.cloakroom.testkit.CacheBackendContract;
import dev.cloakroom.testkit.LogCapture;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.Transcoder;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CacheBackend contract on the shared local Memcached. Memcached keeps its own time, so the contract's TTL
 * tests wait in real time (about two seconds each) instead of moving the test clock. Entries are read behind
 * the backend's back with a plain xmemcached client, to see the flags and TTLs Memcached really holds.
 */
@RequiresMemcached
class MemcachedCacheBackendTest extends CacheBackendContract {

    /** Built the way an engine builds it: through the provider registered for the memcached scheme. */
    @Override
    protected CacheBackend createBackend(Clock clock) {
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider.schemes().contains("memcached")) {
                return provider.create(TestMemcached.url(""), clock);
            }
        }
        throw new AssertionError("no CacheBackendProvider serves the memcached scheme");
    }

    @Override
    protected boolean followsInjectedClock() {
        return false;
    }

    /**
     * Waits one second more than asked: the backend sends each TTL with a second more, so that Memcached's
     * whole-second clock never ends an entry early, and an entry may therefore live up to a second past its TTL.
     */
    @Override
    protected void pass(Duration duration) throws InterruptedException {
        super.pass(duration.plusSeconds(1));
    }

    /** What is stored is the value's UTF-8 bytes with flags 0, as every other client stores plain text. */
    @Test
    void valuesAreStoredAsUtf8WithFlagsZero() throws Exception {
        cache.set(key("k"), "caf\u00e9", ttl());
        CachedData raw = withRawClient(client -> client.get(key("k"), RAW));
        assertThat(raw.getFlag()).isZero();
        assertThat(raw.getData()).isEqualTo("caf\u00e9".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An entry another client wrote with other flags (a pickle, say) or bytes that are not UTF-8 is bad data, not
     * an outage: it reads as missing with a security warning, a compareAndSet against it is a conflict, and it is
     * never misread as text nor overwritten.
     */
    @Test
    void anEntryWithOtherFlagsOrBytesThatAreNotUtf8ReadsAsMissingWithASecurityWarning() throws Exception {
        withRawClient(client -> client.set(key("pickled"), 60, new CachedData(1, new byte[] {(byte) 0x80, 4}), RAW));
        withRawClient(client -> client.set(key("latin1"), 60, new CachedData(0, new byte[] {'c', (byte) 0xe9}), RAW));

        try (LogCapture log = LogCapture.start()) {
            assertThat(cache.get(key("pickled"))).isEmpty();
            assertThat(cache.contains(key("pickled"))).isFalse();
            assertThat(cache.compareAndSet(key("pickled"), "x", "y", ttl())).isEqualTo(CasResult.CHANGED);
            assertThat(cache.get(key("latin1"))).isEmpty();
            assertThat(log.securityWarnings()).anyMatch(line -> line.contains("flags 1"))
                    .anyMatch(line -> line.contains("not UTF-8"));
        }
        CachedData untouched = withRawClient(client -> client.get(key("pickled"), RAW));
        assertThat(untouched.getFlag()).isEqualTo(1);
    }

    /**
     * A TTL under a second still stores the entry: it is rounded up, never down to Memcached's "never". Sent as
     * two seconds (one, plus the second Memcached's whole-second clock may take off), it lives one to two seconds.
     */
    @Test
    void aSubSecondTtlIsRoundedUpAndStillStoresTheEntry() throws Exception {
        cache.set(key("k"), "v", Duration.ofMillis(1500));
        assertThat(cache.get(key("k"))).contains("v");
        cache.set(key("tiny"), "v", Duration.ofNanos(1));
        assertThat(cache.get(key("tiny"))).as("stored for at least one second").contains("v");
        Thread.sleep(3000);
        assertThat(cache.get(key("tiny"))).as("and not for ever").isEmpty();
    }

    /**
     * A TTL over 30 days, which Memcached would read as a date in 1970 if sent as seconds, is sent as the instant
     * it ends at, and the entry is there; so is one beyond what a 32-bit expiry holds.
     */
    @Test
    void ttlsBeyondThirtyDaysAndEnormousTtlsKeepTheEntry() {
        cache.set(key("year"), "v", Duration.ofDays(365));
        assertThat(cache.get(key("year"))).contains("v");
        cache.set(key("forever"), "v", Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        assertThat(cache.get(key("forever"))).contains("v");
        assertThat(cache.add(key("added"), "v", Duration.ofDays(90))).isTrue();
        assertThat(cache.get(key("added"))).contains("v");
        assertThat(cache.compareAndSet(key("year"), "v", "w", Duration.ofDays(400))).isEqualTo(CasResult.SWAPPED);
        assertThat(cache.get(key("year"))).contains("w");
    }

    /**
     * compareAndSet compares values, whatever Memcached's CAS unique says: after a get, another client rewriting
     * the same value makes the remembered unique stale, and the swap still succeeds; a different value or a
     * deletion since the get are a conflict and an absence.
     */
    @Test
    void compareAndSetAfterAGetDecidesByTheValueWhenTheEntryWasWrittenSince() throws Exception {
        cache.set(key("same"), "v", ttl());
        cache.set(key("other"), "v", ttl());
        cache.set(key("gone"), "v", ttl());
        assertThat(cache.get(key("same"))).contains("v");
        assertThat(cache.get(key("other"))).contains("v");
        assertThat(cache.get(key("gone"))).contains("v");
        long casBefore = withRawClient(client -> client.gets(key("same"), RAW)).getCas();
        withRawClient(client -> client.set(key("same"), 60, text("v"), RAW));
        assertThat(withRawClient(client -> client.gets(key("same"), RAW)).getCas()).isNotEqualTo(casBefore);
        withRawClient(client -> client.set(key("other"), 60, text("theirs"), RAW));
        withRawClient(client -> client.delete(key("gone")));

        assertThat(cache.compareAndSet(key("same"), "v", "mine", ttl())).isEqualTo(CasResult.SWAPPED);
        assertThat(cache.get(key("same"))).contains("mine");
        assertThat(cache.compareAndSet(key("other"), "v", "mine", ttl())).isEqualTo(CasResult.CHANGED);
        assertThat(cache.get(key("other"))).contains("theirs");
        assertThat(cache.compareAndSet(key("gone"), "v", "mine", ttl())).isEqualTo(CasResult.ABSENT);
        assertThat(cache.get(key("gone"))).isEmpty();
    }

    /**
     * The contract's clock-driven TTL tests skip here (Memcached keeps its own time); what they check is read from
     * Memcached itself instead, with the meta command {@code mg <key> t}: the remaining TTL after set, after a
     * second set, after compareAndSet (both ways it swaps) and after add. Each TTL is sent with one second more
     * (see {@link MemcachedCacheBackend#expiry}), so Memcached reports TTL + 1 at once, and a second less for
     * each of its ticks (at most two on a loaded machine) before the read.
     */
    @Test
    void setAddAndCompareAndSetGiveTheEntryExactlyTheirTtlAsMemcachedReportsIt() throws Exception {
        cache.set(key("k"), "v1", Duration.ofSeconds(100));
        assertThat(remainingSeconds(key("k"))).isBetween(99L, 101L);

        cache.set(key("k"), "v2", Duration.ofSeconds(300));
        assertThat(remainingSeconds(key("k"))).as("a second set restarts the TTL").isBetween(299L, 301L);

        assertThat(cache.compareAndSet(key("k"), "v2", "v3", Duration.ofSeconds(500))).isEqualTo(CasResult.SWAPPED);
        assertThat(remainingSeconds(key("k"))).as("compareAndSet applies its TTL").isBetween(499L, 501L);

        assertThat(cache.get(key("k"))).contains("v3");
        assertThat(cache.compareAndSet(key("k"), "v3", "v4", Duration.ofSeconds(700))).isEqualTo(CasResult.SWAPPED);
        assertThat(remainingSeconds(key("k"))).as("and so with the CAS unique of the get").isBetween(699L, 701L);

        assertThat(cache.add(key("added"), "v", Duration.ofSeconds(200))).isTrue();
        assertThat(remainingSeconds(key("added"))).isBetween(199L, 201L);

        cache.set(key("long"), "v", Duration.ofDays(60));
        assertThat(remainingSeconds(key("long"))).as("beyond 30 days, sent as an instant")
                .isBetween(Duration.ofDays(60).toSeconds() - 5, Duration.ofDays(60).toSeconds() + 5);
    }

    /** The URL's keyPrefix goes in front of every key, so two prefixes on one server never see each other. */
    @Test
    void theKeyPrefixSeparatesCaches() {
        String prefix = TestMemcached.uniquePrefix();
        try (CacheBackend prefixed = TestMemcached.backend(prefix)) {
            prefixed.set(key("k"), "mine", ttl());
            assertThat(cache.get(key("k"))).isEmpty();
            assertThat(cache.get(prefix + key("k"))).contains("mine");
        }
    }

    /** A key Memcached cannot hold never reaches the wire, where its line break would be read as a command. */
    @Test
    void aKeyMemcachedCannotHoldIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> cache.get(key("a\r\nflush_all"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+000D");
        assertThatThrownBy(() -> cache.set(key("with space"), "v", ttl())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0020");
        assertThatThrownBy(() -> cache.add("k".repeat(251), "v", ttl())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("251 bytes");
        assertThat(cache.get("k".repeat(250))).isEmpty();
    }

    /** A lone surrogate would be sent as '?', so "a\uD800" and "a?" would be one entry: it is refused instead. */
    @Test
    void aKeyWithAnUnpairedSurrogateIsRefusedRatherThanAliasingAnother() {
        assertThatThrownBy(() -> cache.set(key("a\uD800"), "hostile", ttl()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+D800");
        assertThatThrownBy(() -> cache.get(key("a\uDC00b"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.get(key("a?"))).isEmpty();
        cache.set(key("a\uD83D\uDE00"), "paired", ttl());
        assertThat(cache.get(key("a\uD83D\uDE00"))).contains("paired");
    }

    // ---- behind the backend's back --------------------------------------------------------------------

    /** The remaining TTL Memcached reports for {@code key} ({@code mg <key> t}, Memcached 1.6's meta get). */
    private static long remainingSeconds(String key) throws IOException {
        try (Socket socket = new Socket(TestMemcached.HOST, TestMemcached.PORT)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("mg " + key + " t\r\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String answer = reader.readLine();
            assertThat(answer).as("meta get of " + key).startsWith("HD t");
            return Long.parseLong(answer.substring("HD t".length()).trim());
        }
    }

    private static CachedData text(String value) {
        return new CachedData(0, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes and flags exactly as Memcached holds them. */
    private static final Transcoder<CachedData> RAW = new RawTranscoder();

    private interface RawCall<T> {
        T apply(MemcachedClient client) throws Exception;
    }

    private static <T> T withRawClient(RawCall<T> call) throws Exception {
        MemcachedClient client = new XMemcachedClientBuilder(TestMemcached.LOCATION).build();
        try {
            return call.apply(client);
        } finally {
            client.shutdown();
        }
    }

    private static final class RawTranscoder implements Transcoder<CachedData> {
        @Override
        public CachedData encode(CachedData data) {
            return data;
        }

        @Override
        public CachedData decode(CachedData data) {
            return data;
        }

        @Override
        public void setPrimitiveAsString(boolean primitiveAsString) {
        }

        @Override
        public void setPackZeros(boolean packZeros) {
        }

        @Override
        public void setCompressionThreshold(int threshold) {
        }

        @Override
        public boolean isPrimitiveAsString() {
            return false;
        }

        @Override
        public boolean isPackZeros() {
            return false;
        }

        @Override
        public void setCompressionMode(net.rubyeye.xmemcached.transcoders.CompressionMode mode) {
        }
    }
}
