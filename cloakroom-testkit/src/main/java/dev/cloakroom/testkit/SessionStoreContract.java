package dev.cloakroom.testkit;

import tools.jackson.core.type.TypeReference;
import dev.cloakroom.session.Expiry;
import dev.cloakroom.MissingSessionKeyException;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionStatistics;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every session engine passes: Django's {@code SessionTestsMixin} ported test for test
 * ({@link DjangoSessionContract}), what Cloakroom promises for overlapping requests
 * ({@link ConcurrentRequestsContract}), and here: ground truth read behind the store's back, expiry driven
 * by the test clock, keys the store must never adopt, hostile keys, corrupt records and value round trips.
 *
 * <p>A store's test is a small subclass:
 * <pre>{@code
 * class FileSessionTest extends SessionStoreContract {
 *     @TempDir Path dir;
 *     protected SessionSettings.Builder settingsBuilder() {
 *         return super.settingsBuilder().engine("file").filePath(dir);
 *     }
 *     protected SessionEngine createEngine(SessionSettings settings, Clock clock) {
 *         return SessionEngines.create(settings, clock);
 *     }
 *     protected Optional<String> rawStoredData(String key) { ... read the file ... }
 * }
 * }</pre>
 * Opt out of a test the engine cannot honour, as Django's own test classes do, by overriding it with
 * {@code @Test @Disabled("why, citing Django")}; see {@link DjangoSessionContract}.
 */
public abstract class SessionStoreContract extends SessionLimitsContract {

    // ---- ground truth ---------------------------------------------------------------------------------

    /** What a save writes is Django's encoding of exactly the session's data. */
    @Test
    public void testSaveStoresWhatTheCodecDecodesToTheSessionData() {
        session.put("user", "alice");
        session.put("cart", List.of(1, 2, 3));
        session.save();
        assertDecodesTo(requireRawStoredData(session.getSessionKey()), session.asMap());

        session.put("more", Map.of("nested", true));
        session.remove("user");
        session.save();
        assertDecodesTo(requireRawStoredData(session.getSessionKey()), session.asMap());
    }

    @Test
    public void testDeleteRemovesTheStoredRecord() {
        session.put("a", 1);
        session.save();
        String key = session.getSessionKey();
        requireRawStoredData(key);
        session.delete();
        assertThat(rawStoredData(key)).isEmpty();
        assertThat(session.exists(key)).isFalse();
    }

    // ---- Django's documented semantics (reference 1.3-1.4) that its tests leave out --------------------

    /**
     * Opening a session reads and decodes nothing: the data is read on first touch (Django's lazy
     * _session_cache), and then once.
     */
    @Test
    public void testOpeningASessionReadsNothingUntilTouched() {
        session.put("a", 1);
        session.save();
        SessionStatistics before = engine.statistics();
        Session request = open(session.getSessionKey());
        assertThat(request.isLoaded()).isFalse();
        assertThat(request.isEmpty()).as("a key that was not loaded yet is not empty").isFalse();
        assertThat(request.isLoaded()).as("isEmpty never loads").isFalse();
        assertThat(engine.statistics().storeReads()).as("store reads before the first touch")
                .isEqualTo(before.storeReads());
        assertThat(engine.statistics().decodes()).as("decodes before the first touch").isEqualTo(before.decodes());
        assertThat(json(request.get("a"))).isEqualTo(json(1));
        request.get("a");
        assertThat(engine.statistics().decodes()).as("decodes after two reads").isEqualTo(before.decodes() + 1);
    }

    /** The store is read at first touch, so a delete by another request before it is seen. */
    @Test
    public void testTheFirstTouchSeesAnotherRequestsDelete() {
        session.put("a", 1);
        session.save();
        Session request = open(session.getSessionKey());
        open(session.getSessionKey()).delete();
        assertThat(request.get("a")).as("read at first touch, after the other request's delete").isNull();
        assertThat(request.getSessionKey()).isNull();
    }

    /** A load decodes once; a save of a loaded session encodes once and decodes nothing more; so does a create. */
    @Test
    public void testEachOperationDecodesAndEncodesAtMostOnce() {
        session.put("a", 1);
        SessionStatistics beforeCreate = engine.statistics();
        session.save();
        SessionStatistics created = engine.statistics();
        assertThat(created.encodes() - beforeCreate.encodes()).as("encodes of a create").isEqualTo(1);
        assertThat(created.decodes() - beforeCreate.decodes()).as("decodes of a create").isZero();

        Session request = open(session.getSessionKey());
        request.get("a");
        SessionStatistics loaded = engine.statistics();
        assertThat(loaded.decodes() - created.decodes()).as("decodes of a load").isEqualTo(1);
        assertThat(loaded.encodes() - created.encodes()).as("encodes of a load").isZero();

        request.put("b", 2);
        request.save();
        SessionStatistics saved = engine.statistics();
        assertThat(saved.encodes() - loaded.encodes()).as("encodes of a save").isEqualTo(1);
        assertThat(saved.decodes() - loaded.decodes()).as("decodes of a save").isZero();
    }

    /**
     * clearsessions: an expired session goes and a live one stays; an engine whose sessions expire by
     * themselves says there is nothing to clear, and its expired session is gone all the same.
     */
    @Test
    public void testClearExpiredRemovesExpiredSessionsAndKeepsLiveOnes() {
        Session expiring = open(null);
        expiring.put("short", 1);
        expiring.setExpiry(60);
        expiring.save();
        session.put("long", 2);
        session.save();
        clock.advanceSeconds(120);
        // Stores with a raw view show the expired record still there, so that its absence afterwards is
        // clearExpired's doing, not a load's.
        boolean rawView = rawStoredData(expiring.getSessionKey()).isPresent();
        OptionalLong removed = engine.clearExpired();
        if (sessionsExpireByThemselves()) {
            assertThat(removed).as("nothing to clear").isEmpty();
        } else {
            assertThat(removed).as("sessions removed").hasValue(1);
            assertThat(session.exists(expiring.getSessionKey())).as("the expired record").isFalse();
            if (rawView) {
                assertThat(rawStoredData(expiring.getSessionKey())).as("the expired record, read raw").isEmpty();
                assertThat(rawStoredData(session.getSessionKey())).as("the live record, read raw").isPresent();
            }
        }
        assertThat(open(expiring.getSessionKey()).asMap()).as("the expired session").isEmpty();
        assertThat(json(open(session.getSessionKey()).get("long"))).as("the live session").isEqualTo(json(2));
    }

    /** {@code del session[k]} of a missing key raises and leaves the session unmodified. */
    @Test
    public void testRemovingAMissingKeyRaisesAndLeavesTheSessionUnmodified() {
        session.put("present", 1);
        reopenWithFreshFlags();
        assertThatThrownBy(() -> session.remove("absent")).isInstanceOf(MissingSessionKeyException.class);
        assertThat(session.isAccessed()).isTrue();
        assertThat(session.isModified()).isFalse();
    }

    /** setdefault of a present key returns it and changes nothing. */
    @Test
    public void testSetdefaultOfAPresentKeyLeavesTheSessionUnmodified() {
        session.put("foo", "bar");
        reopenWithFreshFlags();
        assertThat(session.setDefault("foo", "baz")).isEqualTo("bar");
        assertThat(session.isAccessed()).isTrue();
        assertThat(session.isModified()).isFalse();
    }

    /** {@code session[k] = v} and {@code update(d)} mark the session modified even when nothing changes. */
    @Test
    public void testPutOfAnEqualValueAndUpdateWithNothingMarkModified() {
        session.put("foo", "bar");
        reopenWithFreshFlags();
        session.put("foo", "bar");
        assertThat(session.isModified()).isTrue();

        reopenWithFreshFlags();
        session.update(Map.of());
        assertThat(session.isAccessed()).isTrue();
        assertThat(session.isModified()).isTrue();
    }

    /** get_expiry_age(expiry=...) and get_expiry_date(expiry=...) do not load the session. */
    @Test
    public void testExpiryArithmeticWithAGivenExpiryDoesNotLoad() {
        session.put("a", 1);
        session.save();
        Session request = open(session.getSessionKey());
        Instant modification = clock.instant();
        assertThat(request.getExpiryAge(modification, Expiry.afterInactivity(10))).isEqualTo(10);
        assertThat(request.getExpiryDate(modification, Expiry.GLOBAL_POLICY))
                .isEqualTo(modification.plusSeconds(settings.cookieAge()));
        assertThat(request.isLoaded()).isFalse();
        assertThat(request.isAccessed()).isFalse();
    }

    /** A custom expiry is part of the data: it survives the store (as Django stores it) and still applies. */
    @Test
    public void testCustomExpirySurvivesTheStore() {
        Instant end = clock.instant().plusSeconds(600);
        session.setExpiry(end);
        session.save();
        Session request = open(session.getSessionKey());
        assertThat(request.getExpiryDate()).isEqualTo(end);
        assertThat(request.getExpiryAge()).isEqualTo(600);
        assertThat(request.getExpireAtBrowserClose()).isFalse();

        request.setExpiry(0);
        request.save();
        assertThat(open(request.getSessionKey()).getExpireAtBrowserClose()).isTrue();
    }

    // ---- expiry on the test clock ---------------------------------------------------------------------

    /** Reading is not activity: a session not saved for SESSION_COOKIE_AGE is gone. */
    @Test
    public void testSessionExpiresWhenCookieAgePassesWithoutModification() {
        session.put("a", 1);
        session.save();
        String key = session.getSessionKey();

        clock.advanceSeconds(settings.cookieAge() - 1);
        assertThat(jsonMap(open(key).asMap())).as("one second before SESSION_COOKIE_AGE").containsEntry("a", json(1));
        clock.advanceSeconds(2);
        assertThat(open(key).asMap()).as("one second after SESSION_COOKIE_AGE").isEmpty();
    }

    /** Every save starts SESSION_COOKIE_AGE afresh (Django's sliding expiry). */
    @Test
    public void testSaveRestartsTheCookieAge() {
        session.put("a", 1);
        session.save();
        clock.advanceSeconds(settings.cookieAge() - 10);
        Session request = open(session.getSessionKey());
        request.put("b", 2);
        request.save();
        clock.advanceSeconds(20);
        assertThat(jsonMap(open(request.getSessionKey()).asMap())).isEqualTo(jsonMap(Map.of("a", 1, "b", 2)));
    }

    /** An absolute expiry set with setExpiry(Instant) ends the session on the server at that instant. */
    @Test
    public void testCustomAbsoluteExpiryIsEnforcedByTheStore() {
        session.put("a", 1);
        session.setExpiry(clock.instant().plusSeconds(60));
        session.save();
        String key = session.getSessionKey();

        clock.advanceSeconds(59);
        assertThat(jsonMap(open(key).asMap())).as("before the expiry").containsEntry("a", json(1));
        clock.advanceSeconds(2);
        assertThat(open(key).asMap()).as("after the expiry").isEmpty();
    }

    // ---- keys the store must never adopt --------------------------------------------------------------

    /** An unknown key is never adopted (no fixation) and loading it creates nothing (CVE-2015-5143). */
    @Test
    public void testUnknownKeyIsNeverAdopted() {
        String unknown = "0123456789abcdefghijklmnopqrstuv";
        Session request = open(unknown);
        assertThat(request.asMap()).isEmpty();
        assertThat(request.getSessionKey()).isNull();
        assertThat(request.exists(unknown)).isFalse();

        request.put("x", 1);
        request.save();
        assertThat(request.getSessionKey()).matches("[a-z0-9]{32}").isNotEqualTo(unknown);
        assertThat(request.exists(unknown)).isFalse();
        assertThat(rawStoredData(unknown)).isEmpty();
        request.delete();
    }

    /** The same when the request saves without having read anything first. */
    @Test
    public void testUnknownKeyIsNeverAdoptedBySaveWithoutRead() {
        String unknown = "zyxwvutsrqponmlkjihgfedcba987654";
        Session request = open(unknown);
        request.save();
        assertThat(request.getSessionKey()).matches("[a-z0-9]{32}").isNotEqualTo(unknown);
        assertThat(request.exists(unknown)).isFalse();
        request.delete();
    }

    /** Keys no store can hold safely load as an empty session with a security warning, never an exception. */
    @Test
    public void testHostileKeysLoadAsAnEmptySession() {
        for (String hostile : hostileKeys()) {
            String shown = hostile.length() > 40 ? hostile.substring(0, 40) + "...(" + hostile.length() + ")" : hostile;
            Session request = open(hostile);
            try (LogCapture log = LogCapture.start()) {
                assertThatCode(request::asMap).as("loading %s", shown).doesNotThrowAnyException();
                assertThat(request.asMap()).as("data under %s", shown).isEmpty();
                assertThat(log.securityWarnings()).as("security warnings for %s", shown).isNotEmpty();
            }
            assertThat(request.exists(hostile)).as("exists(%s)", shown).isFalse();
            assertThatCode(() -> request.delete(hostile)).as("delete(%s)", shown).doesNotThrowAnyException();
            request.put("x", 1);
            request.save();
            assertThat(request.getSessionKey()).as("key saved for %s", shown).isNotEqualTo(hostile);
            request.delete();
        }
    }

    /** Path traversal both ways, Django's 1,240-character key, non-ASCII, and header injection. */
    protected List<String> hostileKeys() {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return List.of("../../../../../etc/passwd", "..\\..\\..\\..\\windows\\win.ini", "a/b/c/d/e/f",
                letters.repeat(20), "sessionkey-\u00e9\u00e8-\u4f1a\u8bdd-\ud83d\ude00", "abcdefgh\u0000ijklmnop",
                "abcdefgh\r\nSet-Cookie: sessionid=fixated");
    }

    // ---- corrupt records ------------------------------------------------------------------------------

    /**
     * A record that cannot be decoded loads as an empty session, with a warning; the record itself stays
     * until the session is saved again, which then overwrites it under the same key.
     */
    @Test
    public void testCorruptStoredDataLoadsAsAnEmptySessionAndIsKeptUntilSaved() {
        session.put("a", 1);
        session.save();
        String key = session.getSessionKey();
        org.junit.jupiter.api.Assumptions.assumeTrue(corruptStoredData(key),
                "this store offers no way to write garbage behind its back (corruptStoredData not overridden)");

        Session request = open(key);
        try (LogCapture log = LogCapture.start()) {
            assertThat(request.asMap()).isEmpty();
            assertThat(log.securityWarnings()).as("security warnings").isNotEmpty();
        }
        assertThat(request.getSessionKey()).as("key after loading a corrupt record").isEqualTo(key);
        assertThat(request.exists(key)).as("the corrupt record is not lost by loading it").isTrue();

        request.put("b", 2);
        request.save();
        assertThat(request.getSessionKey()).isEqualTo(key);
        assertThat(jsonMap(open(key).asMap())).isEqualTo(jsonMap(Map.of("b", 2)));
    }

    // ---- values ---------------------------------------------------------------------------------------

    /** An application object: Jackson maps it to plain JSON and back. */
    public record CartItem(String sku, int quantity, long priceCents) {
    }

    /** An application object holding others. */
    public record Cart(List<CartItem> items, String currency, Map<String, String> notes) {
    }

    @Test
    public void testJacksonMappableObjectsRoundTrip() {
        Cart cart = new Cart(List.of(new CartItem("SKU-1", 2, 1999), new CartItem("SKU-\u00e9", 1, 5_000_000_000L)),
                "EUR", Map.of("gift", "yes"));
        List<CartItem> wishlist = List.of(new CartItem("W-1", 1, 1));
        session.put("cart", cart);
        session.put("wishlist", wishlist);
        session.save();

        Session request = open(session.getSessionKey());
        assertThat(request.get("cart", Cart.class)).isEqualTo(cart);
        assertThat(request.get("wishlist", new TypeReference<List<CartItem>>() { })).isEqualTo(wishlist);
        // Stored as plain JSON, not as a Java class: another reader sees a map of its fields.
        assertThat(request.get("cart")).isInstanceOf(Map.class);
        assertThat(JsonValues.sameJson(request.get("cart"), cart)).isTrue();
    }

    @Test
    public void testJsonTypesRoundTrip() {
        Map<String, Object> values = jsonValues();
        session.update(values);
        session.save();

        Map<String, Object> loaded = open(session.getSessionKey()).asMap();
        assertThat(loaded.keySet()).containsExactlyInAnyOrderElementsOf(values.keySet());
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object actual = loaded.get(entry.getKey());
            assertThat(JsonValues.sameJson(actual, entry.getValue()))
                    .as("%s: stored %s, loaded %s", entry.getKey(), JsonValues.toJson(entry.getValue()),
                            JsonValues.toJson(actual))
                    .isTrue();
        }
    }

    /** Every kind of JSON value, including what Python and JavaScript disagree on (big integers). */
    protected Map<String, Object> jsonValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("string", "plain");
        values.put("unicode", "caf\u00e9 \u65e5\u672c\u8a9e \ud83d\ude00 \u0000\u007f\n\t\"\\/");
        values.put("cl\u00e9 \ud83d\udd11", "non-ASCII key");
        values.put("int", 42);
        values.put("negative", -7);
        values.put("long max", Long.MAX_VALUE);
        values.put("long min", Long.MIN_VALUE);
        values.put("beyond double precision", 9_007_199_254_740_993L);
        values.put("beyond long", new BigInteger("123456789012345678901234567890"));
        values.put("fraction", 0.1);
        values.put("tiny", -2.5e-7);
        values.put("huge", 1e16);
        values.put("true", true);
        values.put("false", false);
        values.put("null", null);
        values.put("empty list", List.of());
        values.put("empty map", Map.of());
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("list", Arrays.asList(1, "two", null, List.of(3.5, List.of()), Map.of("k", "v")));
        inner.put("map", Map.of("deeper", Map.of("deepest", List.of(true, false))));
        values.put("nested", inner);
        List<Object> longList = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            longList.add(Map.of("index", i, "label", "item " + i));
        }
        values.put("many", longList);
        return values;
    }

    private void assertDecodesTo(String raw, Map<String, Object> expected) {
        Map<String, Object> decoded = codec().decode(raw);
        assertThat(JsonValues.sameJson(decoded, expected))
                .as("stored data decodes to %s, session holds %s", JsonValues.toJson(decoded), JsonValues.toJson(expected))
                .isTrue();
    }
}
