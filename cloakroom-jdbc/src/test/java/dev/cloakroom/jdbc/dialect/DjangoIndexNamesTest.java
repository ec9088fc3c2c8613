package dev.cloakroom.jdbc.dialect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected names come from the reference (section 4) and from Django's algorithm run in Python. */
class DjangoIndexNamesTest {
    private static final String LONG_TABLE = "a_rather_long_session_table_name_for_a_multi_tenant_site_x";

    @Test
    void djangoSessionIndexesHaveTheNamesDjangosMigrationGives() {
        assertThat(DjangoIndexNames.indexName("django_session", "expire_date", "", 63))
                .isEqualTo("django_session_expire_date_a5c62663");
        assertThat(DjangoIndexNames.indexName("django_session", "session_key", "_like", 63))
                .isEqualTo("django_session_session_key_c0390e0f_like");
    }

    @Test
    void anotherTableNameGetsItsOwnDigest() {
        assertThat(DjangoIndexNames.indexName("my_sessions", "expire_date", "", 200))
                .isEqualTo("my_sessions_expire_date_8a6b8a8d");
        assertThat(DjangoIndexNames.indexName("my_sessions", "session_key", "_like", 63))
                .isEqualTo("my_sessions_session_key_769390aa_like");
    }

    @Test
    void namesLongerThanTheDatabaseAllowsAreShortenedAsDjangoShortensThem() {
        assertThat(DjangoIndexNames.indexName(LONG_TABLE, "expire_date", "", 63))
                .isEqualTo("a_rather_long_session_tabl_expire_date_932fa6a6");
        assertThat(DjangoIndexNames.indexName(LONG_TABLE, "session_key", "_like", 63))
                .isEqualTo("a_rather_long_session_ta_session_key_1cddf6d3_like");
        assertThat(DjangoIndexNames.indexName(LONG_TABLE, "expire_date", "", 64))
                .isEqualTo("a_rather_long_session_table_expire_date_932fa6a6");
    }

    @Test
    void aShortenedNameNeverStartsWithAnUnderscore() {
        assertThat(DjangoIndexNames.indexName("_sessions_with_a_leading_underscore_and_a_long_name_to_cut_it",
                "expire_date", "", 63)).isEqualTo("D_sessions_with_a_leading_u_expire_date_1fcc4ba");
    }
}
