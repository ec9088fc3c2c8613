package dev.cloakroom.cache.local;

import dev.cloakroom.cache.local.LocalCacheBackendProvider;

import dev.cloakroom.cache.local.LocalCacheBackend;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheBackendProvider;
import dev.cloakroom.ImproperlyConfiguredException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalCacheBackendProviderTest {
    private final LocalCacheBackendProvider provider = new LocalCacheBackendProvider();

    @Test
    void isFoundByServiceLoaderForTheLocalScheme() {
        assertThat(ServiceLoader.load(CacheBackendProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> assertThat(p.schemes()).contains("local"));
    }

    @Test
    void bareUrlGivesTheDefaultBound() {
        CacheBackend cache = provider.create("local:", Clock.systemUTC());
        assertThat(cache).isInstanceOf(LocalCacheBackend.class);
        assertThat(((LocalCacheBackend) cache).maxEntries()).isEqualTo(LocalCacheBackend.DEFAULT_MAX_ENTRIES);
    }

    @Test
    void maxBytesOptionSetsTheByteBudgetBesideTheEntryBound() {
        LocalCacheBackend cache = (LocalCacheBackend) provider.create("local:?maxBytes=1048576&maxEntries=42",
                Clock.systemUTC());
        assertThat(cache.maxBytes()).isEqualTo(1_048_576);
        assertThat(cache.maxEntries()).isEqualTo(42);
        assertThat(((LocalCacheBackend) provider.create("local:", Clock.systemUTC())).maxBytes())
                .isEqualTo(LocalCacheBackend.DEFAULT_MAX_BYTES);
        assertThatThrownBy(() -> provider.create("local:?maxBytes=0", Clock.systemUTC()))
                .isInstanceOf(ImproperlyConfiguredException.class).hasMessageContaining("maxBytes");
    }

    @Test
    void maxEntriesOptionSetsTheBound() {
        LocalCacheBackend cache = (LocalCacheBackend) provider.create("local:?maxEntries=42", Clock.systemUTC());
        assertThat(cache.maxEntries()).isEqualTo(42);
    }

    @Test
    void eachUrlResolvedGivesACacheOfItsOwn() {
        CacheBackend first = provider.create("local:", Clock.systemUTC());
        CacheBackend second = provider.create("local:", Clock.systemUTC());
        first.set("k", "v", java.time.Duration.ofMinutes(1));
        assertThat(second.get("k")).isEmpty();
    }

    @Test
    void rejectsBadUrlsNamingTheSetting() {
        for (String url : new String[] {"local:somewhere", "local:?maxEntries=0", "local:?maxEntries=lots",
                "local:?maxEntries", "local:?size=10", "redis://localhost"}) {
            assertThatThrownBy(() -> provider.create(url, Clock.systemUTC()))
                    .as(url)
                    .isInstanceOf(ImproperlyConfiguredException.class)
                    .hasMessageContaining("CACHE_")
                    .hasMessageContaining(url);
        }
    }
}
