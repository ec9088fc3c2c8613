package dev.cloakroom.session;

import dev.cloakroom.cache.local.LocalCacheBackend;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.store.SessionStoreException;
import dev.cloakroom.store.cache.CacheSessionStore;
import dev.cloakroom.testsupport.ForwardingStore;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How often the conditional save retries, and what it says when it gives up. */
class SaveRetryTest {
    private static final String GIVE_UP_LOGGER = StorePersistence.class.getName();

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final SessionSettings settings = SessionSettings.builder().secretKey("retry-test-secret").build();
    private final SessionStore cache = new CacheSessionStore(new LocalCacheBackend(clock), "retry", clock);
    private final AtomicInteger replaces = new AtomicInteger();

    /**
     * A store whose conditional write never matches what it holds (as a BLOB column compared with text
     * does), holding a record that cannot be decoded: before, every save tried 100 times and reported the
     * record on the security log 101 times.
     */
    @Test
    void aStoreThatCannotMatchItsOwnRecordMakesTheSaveGiveUpAtOnceWithOneLine() {
        String key = createSession();
        SessionRecord unreadable = new SessionRecord("not a session", clock.instant().plusSeconds(3600));
        SessionStore neverMatches = new ForwardingStore(cache) {
            @Override
            public Optional<SessionRecord> load(String k) {
                return Optional.of(unreadable);
            }

            @Override
            public ReplaceOutcome replace(String k, SessionRecord expected, SessionRecord replacement) {
                replaces.incrementAndGet();
                return ReplaceOutcome.CONFLICT;
            }
        };
        try (SessionEngine engine = engineOver(neverMatches); SecurityLogCapture log = SecurityLogCapture.start()) {
            Session request = engine.open(key);
            request.put("cart", 1);

            assertThatThrownBy(request::save).isInstanceOf(SessionStoreException.class)
                    .hasMessageContaining("cannot match its own records");
            assertThat(replaces).hasValue(StorePersistence.MAX_CONFLICTS_WITHOUT_PROGRESS);
            assertThat(log.entries(GIVE_UP_LOGGER)).singleElement()
                    .satisfies(line -> assertThat(line.message()).startsWith("Session save gave up after 2 attempts"));
            assertThat(log.warnings()).as("the unreadable record is reported once, when loaded")
                    .containsExactly("Session data corrupted");
        }
    }

    /**
     * Each conflict here is another request's write that got in first: merged, many more times than the old
     * bound of 100 attempts allowed, since each is paid for by a write that succeeded (the contract suites'
     * sixteen writers need more than 32 under load).
     */
    @Test
    void otherRequestsWritesAreMergedHoweverMany() {
        String key = createSession();
        AtomicInteger interleaved = new AtomicInteger(150);
        try (SessionEngine engine = engineOver(interleavingWrites(interleaved))) {
            Session request = engine.open(key);
            request.put("mine", "kept");
            request.save();

            Session reread = engine.open(key);
            assertThat(reread.get("mine")).isEqualTo("kept");
            assertThat(reread.get("theirs")).isEqualTo(150L);
            assertThat(replaces).hasValue(151);
        }

    }

    /**
     * The store refuses the first write and then holds the same data under a later expiry (another request wrote
     * the same values meanwhile): the write goes again, conditional on that record, and is stored.
     */
    @Test
    void aRewriteOfTheSameDataUnderALaterExpiryIsWrittenOverConditionalOnTheNewRecord() {
        String key = createSession();
        List<SessionRecord> expectations = new ArrayList<>();
        SessionStore rewrittenOnce = new ForwardingStore(cache) {
            private SessionRecord rewritten;

            @Override
            public Optional<SessionRecord> load(String k) {
                return rewritten != null ? Optional.of(rewritten) : super.load(k);
            }

            @Override
            public ReplaceOutcome replace(String k, SessionRecord expected, SessionRecord replacement) {
                expectations.add(expected);
                if (rewritten == null) {
                    rewritten = new SessionRecord(expected.data(), expected.expiresAt().plusSeconds(10));
                    return ReplaceOutcome.CONFLICT;
                }
                return expected.equals(rewritten) ? ReplaceOutcome.REPLACED : ReplaceOutcome.CONFLICT;
            }
        };
        try (SessionEngine engine = engineOver(rewrittenOnce)) {
            Session request = engine.open(key);
            request.put("cart", 1);
            request.save();
        }
        assertThat(expectations).hasSize(2);
        assertThat(expectations.get(1).expiresAt()).isEqualTo(expectations.get(0).expiresAt().plusSeconds(10));
    }

    /**
     * A store that keeps no expiry (files keep only when a record was saved) and holds the same data after a
     * refused write: the same write again, as before; the record it holds has no expiry to be conditional on.
     */
    @Test
    void aRefusedWriteOnAStoreWithoutExpiriesIsTriedAgainAsItWas() {
        String key = createSession();
        List<SessionRecord> expectations = new ArrayList<>();
        SessionStore withoutExpiries = new ForwardingStore(cache) {
            @Override
            public Optional<SessionRecord> load(String k) {
                return super.load(k).map(held -> SessionRecord.savedAt(held.data(), clock.instant()));
            }

            @Override
            public ReplaceOutcome replace(String k, SessionRecord expected, SessionRecord replacement) {
                expectations.add(expected);
                return expectations.size() == 1 ? ReplaceOutcome.CONFLICT : ReplaceOutcome.REPLACED;
            }
        };
        try (SessionEngine engine = engineOver(withoutExpiries)) {
            Session request = engine.open(key);
            request.put("cart", 1);
            request.save();
        }
        assertThat(expectations).hasSize(2);
        assertThat(expectations.get(1)).isEqualTo(expectations.get(0));
    }

    /** Before each of the first {@code remaining} conditional writes, another request writes the session. */
    private SessionStore interleavingWrites(AtomicInteger remaining) {
        return new ForwardingStore(cache) {
            private int theirs;

            @Override
            public ReplaceOutcome replace(String k, SessionRecord expected, SessionRecord replacement) {
                replaces.incrementAndGet();
                if (remaining.getAndDecrement() > 0) {
                    try (SessionEngine other = engineOver(cache)) {
                        Session concurrent = other.open(k);
                        concurrent.put("theirs", ++theirs);
                        concurrent.save();
                    }
                }
                return super.replace(k, expected, replacement);
            }
        };
    }

    private String createSession() {
        try (SessionEngine engine = engineOver(cache)) {
            Session session = engine.open(null);
            session.put("owner", "test");
            session.save();
            return session.getSessionKey();
        }
    }

    private SessionEngine engineOver(SessionStore store) {
        return SessionEngines.builder(settings).clock(clock).engine("cache", EngineParts.store(store)).build();
    }
}
