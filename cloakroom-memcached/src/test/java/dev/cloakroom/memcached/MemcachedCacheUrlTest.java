package dev.cloakroom.memcached;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.memcached.MemcachedCacheConfig.Server;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import net.rubyeye.xmemcached.transcoders.CachedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parsing of Memcached cache URLs and configurations, the provider's registration, the expiry arithmetic and
 * the value transcoding; no server needed.
 */
class MemcachedCacheUrlTest {

    @Test
    void oneServerWithTheDefaultsAndNoPrefix() {
        MemcachedCacheConfig config = MemcachedCacheUrl.parse("memcached://127.0.0.1:11212");
        assertThat(config.servers()).containsExactly(new Server("127.0.0.1", 11212));
        assertThat(config.timeout()).isEqualTo(MemcachedCacheConfig.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.keyPrefix()).isEmpty();
        assertThat(config).hasToString("127.0.0.1:11212");
    }

    /**
     * Hosts are kept as written, case included: the name {@code host:port} places keys, for Django as for us, so
     * {@code Cache-B} is not rewritten to {@code cache-b}.
     */
    @Test
    void severalServersInOrderWithPortsDefaultingTo11211AndIpv6InBrackets() {
        MemcachedCacheConfig config = MemcachedCacheUrl.parse("memcached://cache-a.internal:11211,Cache-B,[::1]:11300,[fe80::1]/");
        assertThat(config.servers()).containsExactly(new Server("cache-a.internal", 11211),
                new Server("Cache-B", 11211), new Server("::1", 11300), new Server("fe80::1", 11211));
        assertThat(config).hasToString("cache-a.internal:11211,Cache-B:11211,[::1]:11300,[fe80::1]:11211");
        assertThat(config.servers()).extracting(Server::nodeName)
                .containsExactly("cache-a.internal:11211", "Cache-B:11211", "::1:11300", "fe80::1:11211");
    }

    /** One server named twice, whatever the case of its name, is refused rather than counted twice. */
    @Test
    void aServerNamedTwiceInAnyCaseIsRefused() {
        assertThatThrownBy(() -> MemcachedCacheUrl.parse("memcached://cache-b:11211,Cache-B"))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("CACHE_<ALIAS>_URL")
                .hasMessageContaining("Cache-B:11211 is named twice");
    }

    @Test
    void optionsSetTheKeyPrefixAndBothTimeouts() {
        MemcachedCacheConfig config = MemcachedCacheUrl.parse(
                "memcached://h:1?keyPrefix=shop%3Asessions%3A&timeout=750ms&connectTimeout=3s");
        assertThat(config.keyPrefix()).isEqualTo("shop:sessions:");
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached://", "memcached://h:1,", "memcached://,h:1", "memcached://h:port",
            "memcached://h:99999", "memcached://h:0", "memcached://h:1/0", "memcached://h:1?bogus=1",
            "memcached://h:1?timeout=2", "memcached://h:1?timeout=0s", "memcached://h:1?connectTimeout=-1s",
            "memcached://h:1?timeout", "memcached://h:1,h:1", "memcached://::1:11211", "memcached://[::1",
            "memcached://h h:1", "memcached://unix:/tmp/memcached.sock", "redis://h:1", "memcache://h:1",
            "memcached://h:1?keyPrefix=with%20space", "memcached://h:1?keyPrefix=line%0Abreak"})
    void aBadUrlFailsNamingTheSetting(String bad) {
        assertThatThrownBy(() -> MemcachedCacheUrl.parse(bad))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class, e -> {
                    assertThat(e.setting()).isEqualTo("CACHE_<ALIAS>_URL");
                    assertThat(e.getMessage()).startsWith("CACHE_<ALIAS>_URL: ");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memcached://alice:s3cret@h:11211", "memcached://alice:s3?cret@h:11211",
            "memcached://alice:s3/cr@et@h:11211", "memcached://h:1?keyPrefix=alice:s3cret@"})
    void userInfoIsRefusedWithoutShowingIt(String url) {
        assertThatThrownBy(() -> MemcachedCacheUrl.parse(url))
                .isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessageContaining("no user or password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("cret").doesNotContain("alice"));
    }

    @Test
    void anAtInTheKeyPrefixIsWrittenPercentEncoded() {
        assertThat(MemcachedCacheUrl.parse("memcached://h:1?keyPrefix=team%40shop:").keyPrefix()).isEqualTo("team@shop:");
    }

    @Test
    void aKeyPrefixWithAControlCharacterOrTooLongFailsAtStartUpNamingTheSetting() {
        MemcachedCacheConfig.Builder builder = MemcachedCacheConfig.builder("CACHES_DEFAULT_KEY_PREFIX");
        assertThatThrownBy(() -> builder.keyPrefix("tab\there"))
                .isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessage("CACHES_DEFAULT_KEY_PREFIX: the key prefix holds U+0009 at index 3, which Memcached"
                        + " keys cannot hold (no spaces or control characters)");
        assertThatThrownBy(() -> builder.keyPrefix("x".repeat(101)))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("101 bytes");
        assertThatThrownBy(() -> builder.keyPrefix("\u00e9".repeat(51))).as("counted in UTF-8 bytes")
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("102 bytes");
        assertThat(builder.keyPrefix("x".repeat(100)).locations(List.of("h")).build().keyPrefix()).hasSize(100);
    }

    /** The way a Django-style LOCATION list builds a backend: no URL, errors name the caller's setting. */
    @Test
    void aConfigurationBuiltFromLocationsNamesItsOwnSetting() {
        MemcachedCacheConfig config = MemcachedCacheConfig.builder("CACHES_DEFAULT_LOCATION")
                .locations(List.of("10.0.0.1:11211", " 10.0.0.2 "))
                .server("10.0.0.3", 11212)
                .timeout(Duration.ofMillis(250)).connectTimeout(Duration.ofSeconds(1)).build();
        assertThat(config).hasToString("10.0.0.1:11211,10.0.0.2:11211,10.0.0.3:11212");
        assertThat(config.timeout()).isEqualTo(Duration.ofMillis(250));

        assertThatThrownBy(() -> MemcachedCacheConfig.builder("CACHES_DEFAULT_LOCATION").build())
                .isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessage("CACHES_DEFAULT_LOCATION: names no Memcached server; expected host:port");
        assertThatThrownBy(() -> MemcachedCacheConfig.builder("CACHES_DEFAULT_TIMEOUT").timeout(Duration.ZERO))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageStartingWith("CACHES_DEFAULT_TIMEOUT: ");
        assertThatThrownBy(() -> MemcachedCacheConfig.builder("X").timeout(Duration.ofNanos(999_999)))
                .as("below a millisecond would become no bound at all").isInstanceOf(ImproperlyConfiguredException.class);
    }

    @Test
    void theProviderServesTheMemcachedSchemeThroughServiceLoader() {
        List<CacheBackendProvider> providers = ServiceLoader.load(CacheBackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.schemes().contains("memcached")).toList();
        assertThat(providers).singleElement().isInstanceOf(MemcachedCacheBackendProvider.class);
    }

    /** An engine whose cache URL is bad fails when it is built, naming the setting of the alias. */
    @Test
    void anEngineWithABadMemcachedUrlFailsAtStartUp() {
        SessionSettings settings = SessionSettings.builder().secretKey("k".repeat(50)).engine("cache")
                .raw("CACHE_DEFAULT_URL", "memcached://h:1?keyPrefix=a%20b").build();
        assertThatThrownBy(() -> SessionEngines.create(settings, java.time.Clock.systemUTC()))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("key prefix");
    }

    /**
     * Memcached counts a relative expiry from its last whole-second tick, so N lasts N-1 to N seconds; one
     * second more is sent so that no entry dies before its TTL, and the 30-day boundary applies to what is sent.
     */
    @Test
    void expiriesAreWholeSecondsRoundedUpPlusOneAndBeyondThirtyDaysAnInstant() {
        long now = Instant.parse("2026-12-03T12:00:00Z").getEpochSecond();
        assertThat(MemcachedCacheBackend.expiry(Duration.ofNanos(1), now)).isEqualTo(2);
        assertThat(MemcachedCacheBackend.expiry(Duration.ofSeconds(1), now)).isEqualTo(2);
        assertThat(MemcachedCacheBackend.expiry(Duration.ofMillis(1500), now)).isEqualTo(3);
        assertThat(MemcachedCacheBackend.expiry(Duration.ofSeconds(1209600), now)).isEqualTo(1209601);
        assertThat(MemcachedCacheBackend.expiry(Duration.ofDays(30).minusSeconds(1), now))
                .as("30 days less a second, plus one, is still relative").isEqualTo(2592000);
        assertThat(MemcachedCacheBackend.expiry(Duration.ofDays(30), now)).as("30 days plus one is an instant")
                .isEqualTo(now + 2592001);
        assertThat(MemcachedCacheBackend.expiry(Duration.ofDays(365), now)).isEqualTo(now + 31536001);
        assertThat(MemcachedCacheBackend.expiry(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), now))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(MemcachedCacheBackend.ALREADY_EXPIRED).as("read by Memcached as January 1970")
                .isGreaterThan(2592000).isLessThan(2_678_400);
    }

    @Test
    void valuesAreUtf8WithFlagsZeroAndOnlyThatIsRead() {
        TextTranscoder transcoder = new TextTranscoder();
        CachedData encoded = transcoder.encode("caf\u00e9 \ud83d\ude00");
        assertThat(encoded.getFlag()).isZero();
        assertThat(encoded.getData()).isEqualTo("caf\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8));
        assertThat(transcoder.decode(encoded)).isEqualTo("caf\u00e9 \ud83d\ude00");
        assertThat(transcoder.decode(new CachedData(0, new byte[0]))).isEmpty();
        assertThatThrownBy(() -> transcoder.decode(new CachedData(2, "42".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(TextTranscoder.UnreadableValueException.class).hasMessageContaining("flags 2");
        assertThatThrownBy(() -> transcoder.decode(new CachedData(0, new byte[] {(byte) 0xc3})))
                .isInstanceOf(TextTranscoder.UnreadableValueException.class).hasMessageContaining("not UTF-8");
    }

    /** A malformed escape is a configuration error naming the setting, not a raw IllegalArgumentException. */
    @Test
    void aMalformedPercentEscapeIsAConfigurationErrorNamingTheSetting() {
        assertThatThrownBy(() -> MemcachedCacheUrl.parse("memcached://h:1?keyPrefix=%zz"))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("CACHE_<ALIAS>_URL")
                .hasMessageContaining("keyPrefix").hasMessageContaining("percent-encoded");
    }

    /** An unknown option is named, but neither its value nor the rest of the URL is shown: either may be secret. */
    @Test
    void anUnknownOptionIsNamedWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> MemcachedCacheUrl.parse("memcached://h:1?keyPrefix=k&password=s3cret"))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("CACHE_<ALIAS>_URL")
                .hasMessageContaining("'password'").hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("keyPrefix=k");
        assertThatThrownBy(() -> MemcachedCacheUrl.parse("memcached://h:1?s3cret"))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("unknown option");
    }

    /** An option given twice is refused, as a server named twice is, instead of the last one silently winning. */
    @Test
    void anOptionGivenTwiceIsRefused() {
        assertThatThrownBy(() -> MemcachedCacheUrl.parse("memcached://h:1?timeout=1s&timeout=2s"))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("CACHE_<ALIAS>_URL")
                .hasMessageContaining("'timeout' is given twice");
        assertThatThrownBy(() -> MemcachedCacheUrl.parse("memcached://h:1?keyPrefix=a&keyPrefix=b"))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("given twice");
    }

    /**
     * xmemcached resolves a host once, when the client is built, and never again: a name that does not resolve
     * would fail every operation until a restart, so it is refused at start-up, naming the setting.
     */
    @Test
    void aHostThatDoesNotResolveIsRefusedAtStartUpNamingTheSetting() {
        MemcachedCacheConfig config = MemcachedCacheUrl.parse("memcached://no-such-host.invalid:11211");
        assertThatThrownBy(() -> new MemcachedCacheBackend(config)).isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessageContaining("CACHE_<ALIAS>_URL").hasMessageContaining("no-such-host.invalid")
                .hasMessageContaining("does not resolve");
    }

    @Test
    void aKeyPrefixWithAnUnpairedSurrogateIsRefused() {
        assertThatThrownBy(() -> MemcachedCacheConfig.builder("test").keyPrefix("p\uD800"))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("unpaired surrogate");
    }
}
