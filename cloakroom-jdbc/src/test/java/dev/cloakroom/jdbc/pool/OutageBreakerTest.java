package dev.cloakroom.jdbc.pool;

import dev.cloakroom.jdbc.DatabaseUnavailableException;
import dev.cloakroom.testkit.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutageBreakerTest {
    static final Duration PROBE = Duration.ofMillis(250);

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AtomicInteger drops = new AtomicInteger();
    final AtomicInteger recoveries = new AtomicInteger();
    final OutageBreaker breaker = new OutageBreaker("jdbc:postgresql://db/test", PROBE, nanos::get,
            drops::incrementAndGet, recoveries::incrementAndGet);

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void everythingPassesWhileTheDatabaseAnswers() {
        for (int i = 0; i < 3; i++) {
            OutageBreaker.Admission admission = breaker.admit("loading a session");
            assertThat(admission.probe()).isFalse();
            breaker.reached(admission);
        }
        assertThat(breaker.inOutage()).isFalse();
    }

    @Test
    void whileTheDatabaseAnswersNoCallWaitsForTheBreakersMonitor() throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> admitted;
        synchronized (breaker) {
            // another thread inside the breaker (logging an outage's end, say) must not hold up healthy calls
            admitted = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                OutageBreaker.Admission admission = breaker.admit("loading a session");
                breaker.reached(admission);
                return breaker.inOutage();
            });
            assertThat(admitted.get(5, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void anOutageFailsRequestsAtOnceLetsOneProbeThroughPerIntervalAndEndsWithTheFirstAnswer() {
        try (LogCapture log = LogCapture.start()) {
            breaker.unreachable(breaker.admit("saving a session"), "Connection refused");
            assertThat(drops).hasValue(1);

            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> breaker.admit("loading a session"))
                        .isInstanceOf(DatabaseUnavailableException.class)
                        .hasMessage("Session database jdbc:postgresql://db/test is unavailable while loading a "
                                + "session: it has not answered for 0.0 s (Connection refused); failing at once "
                                + "until it answers");
            }
            advance(PROBE);
            OutageBreaker.Admission probe = breaker.admit("loading a session");
            assertThat(probe.probe()).isTrue();
            assertThatThrownBy(() -> breaker.admit("loading a session")).as("one probe at a time")
                    .isInstanceOf(DatabaseUnavailableException.class);
            breaker.unreachable(probe, "Connection refused");
            assertThatThrownBy(() -> breaker.admit("loading a session"))
                    .isInstanceOf(DatabaseUnavailableException.class);

            advance(PROBE);
            OutageBreaker.Admission second = breaker.admit("loading a session");
            assertThat(second.probe()).isTrue();
            advance(Duration.ofMillis(100));
            breaker.reached(second);

            assertThat(breaker.inOutage()).isFalse();
            assertThat(breaker.admit("loading a session").probe()).isFalse();
            assertThat(log.text().lines().filter(line -> line.contains(" WARN "))).containsExactly(
                    "[main] WARN dev.cloakroom.jdbc.pool.OutageBreaker - Session database "
                            + "jdbc:postgresql://db/test is unavailable (Connection refused); requests fail at "
                            + "once, and one every 250 ms tries again, until it answers",
                    "[main] WARN dev.cloakroom.jdbc.pool.OutageBreaker - Session database "
                            + "jdbc:postgresql://db/test answers again after 0.6 s of outage; 9 requests failed "
                            + "meanwhile");
            assertThat(drops).hasValue(1);
            assertThat(recoveries).hasValue(1);
        }
    }

    @Test
    void workLetThroughBeforeTheOutageThatSucceedsAfterItStartedDoesNotEndIt() {
        OutageBreaker.Admission early = breaker.admit("loading");
        OutageBreaker.Admission failing = breaker.admit("saving");
        breaker.unreachable(failing, "connection refused");

        breaker.reached(early);

        assertThat(breaker.inOutage()).as("still in the outage: only a probe says the database is back").isTrue();
        assertThatThrownBy(() -> breaker.admit("loading")).isInstanceOf(DatabaseUnavailableException.class);
        advance(PROBE);
        OutageBreaker.Admission probe = breaker.admit("loading");
        assertThat(probe.probe()).isTrue();
        breaker.reached(probe);
        assertThat(breaker.inOutage()).isFalse();
    }

    @Test
    void aLongOutageIsReportedOnceAMinuteWithTheCountSoFar() {
        try (LogCapture log = LogCapture.start()) {
            breaker.unreachable(breaker.admit("saving a session"), "timed out");
            for (int second = 0; second < 150; second++) {
                advance(Duration.ofSeconds(1));
                OutageBreaker.Admission probe = breaker.admit("loading a session");
                breaker.unreachable(probe, "timed out");
                for (int i = 0; i < 10; i++) {
                    assertThatThrownBy(() -> breaker.admit("loading a session"))
                            .isInstanceOf(DatabaseUnavailableException.class);
                }
            }
            assertThat(log.text().lines().filter(line -> line.contains(" WARN ")).toList()).hasSize(3)
                    .element(1).asString().endsWith("still unavailable after 60.0 s; 652 requests failed so far");
        }
    }
}
