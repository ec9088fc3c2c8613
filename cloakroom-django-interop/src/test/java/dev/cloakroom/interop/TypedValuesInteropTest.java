package dev.cloakroom.interop;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values stored with their class stay data Django reads: dicts and lists, with the class under "@class", and the
 * typed keys mapped to their types under _cloakroom_typed. Django changing other keys leaves them intact for Cloakroom.
 */
@RequiresDjango
class TypedValuesInteropTest {
    record Basket(List<String> items, Instant updated) { }

    @Test
    void djangoReadsTypedValuesAsPlainDataAndKeepsThemThroughItsOwnChanges() {
        Basket basket = new Basket(new java.util.ArrayList<>(List.of("apple", "pear")), Instant.parse("2030-01-02T03:04:05Z"));
        try (SharedDatabase db = SharedDatabase.create(SharedDatabase.Kind.SQLITE)) {
            DjangoConfig config = DjangoConfig.of("db").withDatabase(db.django());
            try (DjangoPeer django = DjangoPeer.start(config)) {
                django.call("migrate");
                Map<String, String> settings = new java.util.HashMap<>(db.cloakroom());
                settings.put("SESSION_TRUSTED_TYPES", "dev.cloakroom.interop.*");
                try (SessionEngine cloakroom = CloakroomSide.engine(CloakroomSide.settings(config, settings))) {
                    Session session = cloakroom.open(null);
                    session.put("basket", basket);
                    session.put("count", 1L);
                    session.save();
                    String key = session.getSessionKey();

                    Map<String, Object> seenByDjango = DjangoPeer.data(django.call("load", "key", key));
                    assertThat(seenByDjango).containsEntry("count", 1L)
                            .containsEntry("basket", Map.of("@class", Basket.class.getName(),
                                    "items", List.of("java.util.ArrayList", List.of("apple", "pear")),
                                    "updated", "2030-01-02T03:04:05Z"))
                            .containsEntry("_cloakroom_typed", Map.of("basket", Basket.class.getName()));

                    django.call("update", "key", key, "set", Map.of("count", 2L));

                    Session again = cloakroom.open(key);
                    assertThat(again.get("basket")).isEqualTo(basket);
                    assertThat(again.get("count")).isEqualTo(2L);
                    assertThat(again.keys()).containsExactly("basket", "count");

                    // Django replacing the typed value with plain data of its own: read as that data
                    django.call("update", "key", key, "set", Map.of("basket", List.of("apple", "pear")));
                    Session replaced = cloakroom.open(key);
                    assertThat(replaced.get("basket")).isEqualTo(List.of("apple", "pear"));
                    assertThat(replaced.get("count")).isEqualTo(2L);
                }
            }
        }
    }
}
