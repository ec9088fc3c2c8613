package dev.cloakroom.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TableNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"django_session", "_sessions", "Sessions2", "s"})
    void plainIdentifiersAreAccepted(String name) {
        assertThat(TableName.of(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2sessions", "my-sessions", "my sessions", "sessions;drop table x", "\"quoted\"",
            "schema.table", "sessions`", "s\u00e9ssions",
            "a_table_name_that_is_exactly_sixty_four_characters_long_xxxxxxxx"})
    void anythingElseIsRefused(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> TableName.of(name))
                .withMessageContaining("is not a plain SQL identifier");
    }
}
