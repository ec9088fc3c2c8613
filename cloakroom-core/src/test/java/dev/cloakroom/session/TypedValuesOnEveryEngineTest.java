package dev.cloakroom.session;

import dev.cloakroom.codec.typed.ShopTypes.Cart;
import dev.cloakroom.codec.typed.ShopTypes.Colour;
import dev.cloakroom.codec.typed.ShopTypes.Customer;
import dev.cloakroom.codec.typed.ShopTypes.Item;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.settings.SessionValueTypes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed values come back as the same objects on each engine core builds, through the engine's own path from
 * put to stored form (a file, a cache entry, the cookie itself) and back in a later "request".
 */
class TypedValuesOnEveryEngineTest {
    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"file", "cache", "signed_cookies"})
    void anObjectPutInOneRequestIsTheSameClassInTheNext(String engineName) {
        SessionSettings settings = SessionSettings.builder().secretKey("typed-values-on-every-engine")
                .engine(engineName).filePath(directory).build();
        Cart cart = new Cart(List.of(new Item("A-1", 2, Colour.RED)), new TreeSet<>(Set.of("WELCOME")),
                Instant.parse("2030-01-02T03:04:05.123456789Z"), new Customer("ann", 3L));
        try (SessionEngine engine = SessionEngines.builder(settings)
                .valueTypes(SessionValueTypes.builder().trustPackage("dev.cloakroom.codec.typed").build()).build()) {
            Session first = engine.open(null);
            first.put("cart", cart);
            first.put("visits", 7);
            first.save();

            Session next = engine.open(first.getSessionKey());

            assertThat(next.get("cart")).isExactlyInstanceOf(Cart.class).isEqualTo(cart);
            assertThat(next.get("visits")).isExactlyInstanceOf(Integer.class).isEqualTo(7);
            assertThat(next.keys()).containsExactly("cart", "visits");
        }
    }
}
