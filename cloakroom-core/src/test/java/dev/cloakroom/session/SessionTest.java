package dev.cloakroom.session;

import dev.cloakroom.MissingSessionKeyException;

import dev.cloakroom.SessionInterruptedException;

import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testsupport.FileSessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Session's own semantics over the real file engine, whose files show what is stored; the behaviour of every
 * store is the testkit's contract.
 */
class SessionTest {
    private static final Instant NOW = Instant.parse("2023-11-14T22:13:20Z");
    @TempDir
    Path directory;
    private FileSessions sessions;

    @BeforeEach
    void openEngine() {
        sessions = new FileSessions(directory, SessionSettings.builder().secretKey("session-test-secret"),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void closeEngine() {
        sessions.close();
    }

    private Session open(String key) {
        return sessions.engine().open(key);
    }

    private String stored(Map<String, Object> data) {
        Session session = open(null);
        session.update(data);
        session.save();
        return session.getSessionKey();
    }

    @Test
    void openingDoesNotTouchTheStoreUntilTheDataIsUsed() {
        String key = stored(Map.of("a", 1));
        long loadsBefore = sessions.loads();
        Session session = open(key);
        assertThat(session.getSessionKey()).isEqualTo(key);
        assertThat(session.isEmpty()).isFalse();
        assertThat(session.getSessionCookieAge()).isEqualTo(1_209_600);
        assertThat(sessions.loads() - loadsBefore).isZero();
        assertThat(session.isAccessed()).isFalse();
        assertThat(session.get("a")).isEqualTo(1L);
        assertThat(session.get("a")).isEqualTo(1L);
        assertThat(sessions.loads() - loadsBefore).isEqualTo(1);
    }

    @Test
    void shortOrEmptyKeysAreNoKey() {
        assertThat(open("").getSessionKey()).isNull();
        assertThat(open("1234567").getSessionKey()).isNull();
        assertThat(open("12345678").getSessionKey()).isEqualTo("12345678");
    }

    @Test
    void unknownKeyIsDroppedOnLoadAndSaveIssuesAFreshKey() {
        Session session = open("unknownkey123");
        session.put("x", 1);
        assertThat(session.getSessionKey()).isNull();
        session.save();
        assertThat(session.getSessionKey()).isNotEqualTo("unknownkey123").isNotNull();
        assertThat(sessions.keys()).doesNotContain("unknownkey123");
    }

    @Test
    void isEmptyFollowsDjango() {
        assertThat(open(null).isEmpty()).isTrue();
        Session session = open(null);
        session.put("a", 1);
        assertThat(session.isEmpty()).isFalse();
        Session cleared = open(null);
        cleared.clear();
        assertThat(cleared.isEmpty()).isTrue();
    }

    @Test
    void removeOfMissingKeyRaisesAndLeavesUnmodified() {
        Session session = open(null);
        assertThatThrownBy(() -> session.remove("nope")).isInstanceOf(MissingSessionKeyException.class);
        assertThat(session.isModified()).isFalse();
        assertThat(session.isAccessed()).isTrue();
        assertThatThrownBy(() -> session.require("nope")).isInstanceOf(MissingSessionKeyException.class);
        assertThatThrownBy(session::deleteTestCookie).isInstanceOf(MissingSessionKeyException.class);
    }

    @Test
    void setDefaultModifiesOnlyWhenInserting() {
        String key = stored(Map.of("foo", "bar"));
        Session session = open(key);
        assertThat(session.setDefault("foo", "baz")).isEqualTo("bar");
        assertThat(session.isModified()).isFalse();
        assertThat(session.setDefault("new", "v")).isEqualTo("v");
        assertThat(session.isModified()).isTrue();
    }

    @Test
    void updateWithNothingStillModifies() {
        Session session = open(null);
        session.update(Map.of());
        assertThat(session.isModified()).isTrue();
        assertThat(session.isAccessed()).isTrue();
    }

    @Test
    void clearDoesNotLoad() {
        String key = stored(Map.of("a", 1));
        long loadsBefore = sessions.loads();
        Session session = open(key);
        session.clear();
        assertThat(sessions.loads() - loadsBefore).isZero();
        assertThat(session.keys()).isEmpty();
        assertThat(session.isModified()).isTrue();
    }

    @Test
    void saveMergesOnlyThisRequestsChanges() {
        String key = stored(Map.of("a", 1, "b", 2));
        Session first = open(key);
        Session second = open(key);
        first.put("a", 10);
        second.remove("b");
        second.put("c", 3);
        first.save();
        second.save();
        assertThat(sessions.stored(key).orElseThrow()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 10L, "c", 3L));
        // "a" comes from the other request's save, read back as JSON; "c" is this request's own value
        assertThat(second.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 10L, "c", 3));
    }

    @Test
    void savingADeletedSessionIsInterruptedNotResurrected() {
        String key = stored(Map.of("a", 1));
        Session session = open(key);
        session.put("a", 2);
        sessions.engine().open(key).delete();
        assertThatThrownBy(session::save).isInstanceOf(SessionInterruptedException.class)
                .hasMessage(SessionInterruptedException.MESSAGE);
        assertThat(sessions.keys()).doesNotContain(key);
    }

    @Test
    void cycleKeyKeepsDataUnderANewKeyAndDeletesTheOld() {
        String key = stored(Map.of("a", 1, "b", 2));
        Session session = open(key);
        session.cycleKey();
        assertThat(session.getSessionKey()).isNotEqualTo(key);
        assertThat(sessions.keys()).doesNotContain(key);
        assertThat(sessions.stored(session.getSessionKey()).orElseThrow()).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(session.items()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void flushDropsDataRecordAndKey() {
        String key = stored(Map.of("a", 1));
        Session session = open(key);
        session.flush();
        assertThat(session.getSessionKey()).isNull();
        assertThat(session.isEmpty()).isTrue();
        assertThat(session.isModified()).isTrue();
        assertThat(sessions.keys()).doesNotContain(key);
    }

    @Test
    void typedValuesComeBackAsTheirClass() {
        Session session = open(null);
        session.put("cart", new Cart(List.of("apple", "pear"), 3));
        session.save();
        Session reopened = open(session.getSessionKey());
        // stored as JSON, the record comes back as a map that get(key, type) maps onto the class again
        assertThat(reopened.get("cart", Cart.class)).isEqualTo(new Cart(List.of("apple", "pear"), 3));
        Session fromMap = open(null);
        fromMap.put("cart", Map.of("items", List.of("fig"), "count", 1));
        assertThat(fromMap.get("cart", Cart.class)).isEqualTo(new Cart(List.of("fig"), 1));
    }

    @Test
    void expiryIsStoredAsDjangoStoresIt() {
        Session session = open(null);
        session.setExpiry(300);
        assertThat(session.get(ExpiryPolicy.EXPIRY_KEY)).isEqualTo(300L);
        assertThat(session.getExpiryAge()).isEqualTo(300);
        session.setExpiry(0);
        assertThat(session.get(ExpiryPolicy.EXPIRY_KEY)).isEqualTo(0L);
        assertThat(session.getExpireAtBrowserClose()).isTrue();
        assertThat(session.getExpiryAge()).isEqualTo(1_209_600);
        session.setExpiry(NOW.plusSeconds(10));
        assertThat(session.get(ExpiryPolicy.EXPIRY_KEY)).isEqualTo("2023-11-14T22:13:30+00:00");
        assertThat(session.getExpiryAge(NOW)).isEqualTo(10);
        session.setExpiry(Expiry.GLOBAL_POLICY);
        assertThat(session.contains(ExpiryPolicy.EXPIRY_KEY)).isFalse();
        assertThat(session.getExpiryDate(NOW)).isEqualTo(NOW.plusSeconds(1_209_600));
    }

    @Test
    void expiryArgumentsAvoidLoading() {
        String key = stored(Map.of("a", 1));
        long loadsBefore = sessions.loads();
        Session session = open(key);
        assertThat(session.getExpiryAge(NOW, Expiry.afterInactivity(5))).isEqualTo(5);
        assertThat(session.getExpiryDate(NOW, Expiry.GLOBAL_POLICY)).isEqualTo(NOW.plusSeconds(1_209_600));
        assertThat(sessions.loads() - loadsBefore).isZero();
    }

    @Test
    void saveAndCreateMarkTheSessionAccessedAsDjangosDo() {
        Session saved = open(null);
        saved.save();
        assertThat(saved.isAccessed()).isTrue();
        Session created = open(null);
        created.create();
        assertThat(created.isAccessed()).isTrue();
        assertThat(created.getSessionKey()).isNotNull();
    }

    record Cart(List<String> items, int count) {
    }
}
