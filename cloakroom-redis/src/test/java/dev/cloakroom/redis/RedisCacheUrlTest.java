package dev.cloakroom.redis;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SessionSettings;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of Redis cache URLs, the provider's registration, and the TTL and script arithmetic; no server needed. */
class RedisCacheUrlTest {

    @Test
    void aPlainUrlNamesHostPortAndDatabaseWithTheDefaultTimeoutAndNoPrefix() {
        RedisCacheUrl url = RedisCacheUrl.parse("redis://127.0.0.1:6380/3");
        assertThat(url.redisUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(url.redisUri().getPort()).isEqualTo(6380);
        assertThat(url.redisUri().getDatabase()).isEqualTo(3);
        assertThat(url.redisUri().isSsl()).isFalse();
        assertThat(url.timeout()).isEqualTo(RedisCacheUrl.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
        assertThat(url.redisUri().getTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(url.keyPrefix()).isEmpty();
    }

    @Test
    void redissMeansTls() {
        assertThat(RedisCacheUrl.parse("rediss://cache.example:6379/0").redisUri().isSsl()).isTrue();
    }

    @Test
    void optionsSetTheKeyPrefixAndTheTimeout() {
        RedisCacheUrl url = RedisCacheUrl.parse("redis://h:6379/0?keyPrefix=shop%3Asessions%3A&timeout=750ms");
        assertThat(url.keyPrefix()).isEqualTo("shop:sessions:");
        assertThat(url.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(url.redisUri().getTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(RedisCacheUrl.parse("redis://h/0?timeout=5s").timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void thePasswordIsNeverShown() {
        assertThat(RedisCacheUrl.parse("redis://:s3cret@h:6379/0").toString()).isEqualTo("redis://:***@h:6379/0");
        assertThat(RedisCacheUrl.parse("redis://alice:s3cret@h:6379/0").toString()).isEqualTo("redis://alice:***@h:6379/0");
        assertThat(RedisCacheUrl.parse("redis://s3cret@h:6379/0").toString()).isEqualTo("redis://***@h:6379/0");
        assertThatThrownBy(() -> RedisCacheUrl.parse("redis://:s3cret@h:6379/zero"))
                .isInstanceOf(ImproperlyConfiguredException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThatThrownBy(() -> RedisCacheUrl.parse("redis://:s3cret@h:6379/0?bogus=1"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis://alice:p@ss@h:6379/0  | redis://alice:***@h:6379/0 | alice | p@ss",
            "redis://:p@ss@h:6379/0       | redis://:***@h:6379/0      |       | p@ss",
            "redis://:se/cret@h:6379/0    | redis://:***@h:6379/0      |       | se/cret",
            "redis://:se?cret@h:6379/0    | redis://:***@h:6379/0      |       | se?cret",
            "'redis://:se cret@h:6379/0'  | redis://:***@h:6379/0      |       | 'se cret'",
            "redis://:se%2Fcret@h:6379/0  | redis://:***@h:6379/0      |       | se/cret",
            "redis://:a+b%40c@h:6379/0    | redis://:***@h:6379/0      |       | a+b@c"})
    void aPasswordHoldingAtSlashQuestionMarkOrSpaceIsHiddenWholeAndStillUsed(String url, String shown, String user,
            String password) {
        RedisCacheUrl parsed = RedisCacheUrl.parse(url);
        assertThat(parsed.toString()).isEqualTo(shown);
        assertThat(parsed.redisUri().getHost()).isEqualTo("h");
        assertThat(parsed.redisUri().getPort()).isEqualTo(6379);
        assertThat(parsed.redisUri().getDatabase()).isZero();
        assertThat(parsed.redisUri().toString()).doesNotContain(password);
        RedisCredentials credentials = parsed.redisUri().getCredentialsProvider().resolveCredentials().block();
        assertThat(new String(credentials.getPassword())).isEqualTo(password);
        assertThat(credentials.getUsername()).isEqualTo(user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://alice:p@ss@h:6379/zero", "redis://:se/cret@h:99999/0",
            "redis://:se?cret@h:6379/0?bogus=1", "redis://:se cret@h:6379/0?timeout=2", "redis://:se cret@h h:6379/0",
            "redis://:se/cret@h:6379/0/1", "redis://:se?cret@/0", "redis:/:se?cret@h:6379/0",
            "http://:se cret@h:6379/0"})
    void aBadUrlHidesItsWholeUserInfoInTheMessage(String bad) {
        assertThatThrownBy(() -> RedisCacheUrl.parse(bad))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class, e -> {
                    assertThat(e.getMessage()).doesNotContain("ss@").doesNotContain("cret").contains("***@");
                    assertThat(e.getCause()).isNull();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://alice:p@ss@127.0.0.1:1/0?timeout=300ms",
            "redis://:se/cret@127.0.0.1:1/0?timeout=300ms", "redis://:se?cret@127.0.0.1:1/0?timeout=300ms",
            "redis://:se cret@127.0.0.1:1/0?timeout=300ms"})
    void aFailedConnectionNamesTheUrlWithoutThePassword(String url) {
        try (RedisCacheBackend cache = new RedisCacheBackend(RedisCacheUrl.parse(url))) {
            assertThatThrownBy(() -> cache.get("k"))
                    .isInstanceOf(CacheUnavailableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("***@127.0.0.1:1")
                            .doesNotContain("ss@").doesNotContain("cret"));
        }
    }

    @Test
    void aSentinelUrlNamesTheSentinelsTheMasterAndTheDatabase() {
        RedisCacheUrl url = RedisCacheUrl.parse(
                "redis-sentinel://:s3cret@s1:26380,s2,s3:26382/4?keyPrefix=app%23v2%3A&timeout=750ms&waitReplicas=1#mymaster");
        assertThat(url.topology()).isEqualTo(RedisCacheUrl.Topology.SENTINEL);
        RedisURI uri = url.redisUri();
        assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(uri.getDatabase()).isEqualTo(4);
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1", "s2", "s3");
        assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26380, 26379, 26382);
        assertThat(uri.getSentinels()).allSatisfy(s -> assertThat(s.getTimeout()).isEqualTo(Duration.ofMillis(750)));
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(url.keyPrefix()).isEqualTo("app#v2:");
        assertThat(url.waitReplicas()).isEqualTo(1);
        RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
        assertThat(new String(credentials.getPassword())).isEqualTo("s3cret");
        assertThat(url.toString()).isEqualTo(
                "redis-sentinel://:***@s1:26380,s2,s3:26382/4?keyPrefix=app%23v2%3A&timeout=750ms&waitReplicas=1#mymaster");
        assertThat(RedisCacheUrl.parse("rediss-sentinel://s1/0#m").redisUri().isSsl()).isTrue();
        RedisURI hashInPassword = RedisCacheUrl.parse("redis-sentinel://:se#cret@s1/0#m").redisUri();
        assertThat(hashInPassword.getSentinelMasterId()).isEqualTo("m");
        assertThat(new String(hashInPassword.getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("se#cret");
    }

    @Test
    void aClusterUrlListsItsSeedNodesEachWithTheCredentialsAndTimeout() {
        RedisCacheUrl url = RedisCacheUrl.parse("redis-cluster://alice:p%40ss@n1:7000,n2,[::1]:7002?timeout=3s");
        assertThat(url.topology()).isEqualTo(RedisCacheUrl.Topology.CLUSTER);
        assertThat(url.clusterNodes()).extracting(RedisURI::getHost).containsExactly("n1", "n2", "::1");
        assertThat(url.clusterNodes()).extracting(RedisURI::getPort).containsExactly(7000, 6379, 7002);
        assertThat(url.clusterNodes()).allSatisfy(node -> {
            assertThat(node.getTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(node.isSsl()).isFalse();
            RedisCredentials credentials = node.getCredentialsProvider().resolveCredentials().block();
            assertThat(credentials.getUsername()).isEqualTo("alice");
            assertThat(new String(credentials.getPassword())).isEqualTo("p@ss");
        });
        assertThat(url.toString()).isEqualTo("redis-cluster://alice:***@n1:7000,n2,[::1]:7002?timeout=3s");
        assertThat(RedisCacheUrl.parse("rediss-cluster://n1:7000/0").clusterNodes().get(0).isSsl()).isTrue();
        assertThat(RedisCacheUrl.parse("redis://h:6379/0").waitReplicas()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-sentinel://s1:26379/0", "redis-sentinel://s1:26379/0#", "redis-sentinel:///0#m",
            "redis-cluster://n1:7000/1", "redis-cluster://", "redis-cluster://n1:7000,,n2", "redis-cluster://n1:x",
            "redis-cluster://n1:70000", "redis-cluster://n1:7000#m", "redis://h:6379/0#m",
            "redis-cluster://n1:7000?waitReplicas=1", "redis://h/0?waitReplicas=one",
            "redis-sentinel://s1/0?waitReplicas=-1#m"})
    void aBadSentinelOrClusterUrlFailsNamingTheSetting(String bad) {
        assertThatThrownBy(() -> RedisCacheUrl.parse(bad))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("CACHE_<ALIAS>_URL"));
    }

    @Test
    void aSentinelUrlWaitsThirtyFiveSecondsForANewMasterUnlessFailoverTimeoutSaysOtherwise() {
        assertThat(RedisCacheUrl.parse("redis-sentinel://s1/0#m").failoverTimeout())
                .isEqualTo(RedisCacheUrl.DEFAULT_FAILOVER_TIMEOUT).isEqualTo(Duration.ofSeconds(35));
        assertThat(RedisCacheUrl.parse("redis-sentinel://s1,s2/0?failoverTimeout=10s#m").failoverTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(RedisCacheUrl.parse("redis-sentinel://s1/0?timeout=500ms&failoverTimeout=1500ms#m")
                .failoverTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(RedisCacheUrl.parse("redis-sentinel://s1/0?failoverTimeout=0s#m").failoverTimeout())
                .as("0s: fail at once while the master is lost").isZero();
        assertThat(RedisCacheUrl.parse("redis://h:6379/0").failoverTimeout()).isZero();
        assertThat(RedisCacheUrl.parse("redis-cluster://n1:7000").failoverTimeout()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://h:6379/0?failoverTimeout=35s", "rediss://h/0?failoverTimeout=0s",
            "redis-cluster://n1:7000,n2:7000?failoverTimeout=35s"})
    void failoverTimeoutIsRefusedOutsideASentinelUrlNamingTheOption(String bad) {
        assertThatThrownBy(() -> RedisCacheUrl.parse(bad))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("CACHE_<ALIAS>_URL"))
                .hasMessageContaining("failoverTimeout is only available on a redis-sentinel:// URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-sentinel://s1/0?failoverTimeout=35#m", "redis-sentinel://s1/0?failoverTimeout=-1s#m",
            "redis-sentinel://s1/0?failoverTimeout=soon#m", "redis-sentinel://s1/0?failoverTimeout=#m"})
    void aBadFailoverTimeoutFailsNamingTheOption(String bad) {
        assertThatThrownBy(() -> RedisCacheUrl.parse(bad))
                .isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessageContaining("failoverTimeout");
    }

    @Test
    void aLocationFromAnotherSettingIsNamedInItsErrors() {
        assertThatThrownBy(() -> RedisCacheUrl.parse("redis-cluster://n1:7000/3", "CACHES_DEFAULT_LOCATION"))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("CACHES_DEFAULT_LOCATION"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-sentinel://:se#cret@s1:26379/0", "redis-cluster://:se/cret@n1:7000,n2:x",
            "redis-cluster://u:se?cret@n1:7000/2"})
    void aBadTopologyUrlHidesItsUserInfo(String bad) {
        assertThatThrownBy(() -> RedisCacheUrl.parse(bad).redisUri())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("cret"));
    }

    @Test
    void anAtSignInAnOptionIsWrittenPercentEncoded() {
        RedisCacheUrl url = RedisCacheUrl.parse("redis://h:6379/0?keyPrefix=app%40v2%3A");
        assertThat(url.keyPrefix()).isEqualTo("app@v2:");
        assertThat(url.redisUri().getHost()).isEqualTo("h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://h:6379/zero", "redis://h:99999/0", "redis://", "redis://h/0?keyprefix=x",
            "redis://h/0?timeout=2", "redis://h/0?timeout=0s", "redis://h/0?timeout=-1s", "memcached://h:11211",
            "redis://h/0?timeout"})
    void aBadUrlFailsNamingTheSetting(String bad) {
        assertThatThrownBy(() -> RedisCacheUrl.parse(bad))
                .isInstanceOfSatisfying(ImproperlyConfiguredException.class,
                        e -> assertThat(e.setting()).isEqualTo("CACHE_<ALIAS>_URL"));
    }

    @Test
    void theProviderIsRegisteredForEveryRedisSchemeWithAndWithoutTls() {
        List<String> serving = new ArrayList<>();
        for (CacheBackendProvider provider : ServiceLoader.load(CacheBackendProvider.class)) {
            if (provider instanceof RedisCacheBackendProvider) {
                serving.addAll(provider.schemes());
            }
        }
        assertThat(serving).containsExactlyInAnyOrder("redis", "rediss", "redis-sentinel", "rediss-sentinel",
                "redis-cluster", "rediss-cluster");
    }

    @Test
    void theProviderConnectsLazilySoAnEngineBuildsWithoutRedis() {
        try (CacheBackend backend = new RedisCacheBackendProvider().create("redis://127.0.0.1:1/0", Clock.systemUTC())) {
            assertThat(backend).isInstanceOf(RedisCacheBackend.class);
        }
    }

    @Test
    void anEngineWithAMalformedRedisUrlFailsWhenBuilt() {
        SessionSettings settings = SessionSettings.builder().secretKey("k").engine("cache")
                .raw("CACHE_DEFAULT_URL", "redis://h:6379/not-a-number").build();
        assertThatThrownBy(() -> {
            try (SessionEngine engine = SessionEngines.create(settings, Clock.systemUTC())) {
                engine.open(null);
            }
        }).isInstanceOf(ImproperlyConfiguredException.class);
    }

    @Test
    void ttlsBecomeWholeMillisecondsRoundedUpAndCapped() {
        assertThat(RedisCacheBackend.ttlMillis(Duration.ZERO)).isZero();
        assertThat(RedisCacheBackend.ttlMillis(Duration.ofSeconds(-5))).isZero();
        assertThat(RedisCacheBackend.ttlMillis(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(RedisCacheBackend.ttlMillis(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(RedisCacheBackend.ttlMillis(Duration.ofMillis(1).plusNanos(1))).isEqualTo(2);
        assertThat(RedisCacheBackend.ttlMillis(Duration.ofSeconds(1209600))).isEqualTo(1_209_600_000L);
        assertThat(RedisCacheBackend.ttlMillis(Duration.ofSeconds(Long.MAX_VALUE)))
                .isEqualTo(RedisCacheBackend.MAX_TTL_MILLIS);
        assertThat(RedisCacheBackend.ttlMillis(Duration.ofMillis(Long.MAX_VALUE)))
                .isEqualTo(RedisCacheBackend.MAX_TTL_MILLIS);
    }

    @Test
    void scriptDigestsAreSha1InLowerCaseHex() {
        // SHA-1("abc") from FIPS 180-2, appendix A.1.
        assertThat(RedisCacheBackend.sha1Hex("abc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }
}
