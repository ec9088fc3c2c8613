package dev.cloakroom.jdbc;

import dev.cloakroom.jdbc.schema.SchemaMigrator;
import dev.cloakroom.jdbc.support.DatabaseTestBase;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.testkit.LocalCaches;
import dev.cloakroom.testkit.LogCapture;
import dev.cloakroom.testkit.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database part of the fault suite: a bounded load of concurrent requests through the db (or cached_db)
 * engine, with a {@link TcpProxy} between the engine and the real server that cuts it (as a crash does) or
 * freezes it (as a hung server does) for a while and then brings it back. Every save that returned success
 * must be in the database afterwards, requests must succeed again within 2 s of the server's return, failures
 * must be {@link DatabaseUnavailableException}, and the outage must cost a few log lines, not one per request.
 * Each run prints its figures (docs/reliability.md, "Faults: database", quotes them).
 */
abstract class DatabaseFaultContract extends DatabaseTestBase {
    static final int WORKERS = 8;
    static final Duration BEFORE = Duration.ofMillis(500);
    static final Duration OUTAGE = Duration.ofMillis(1500);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(2);
    /** How long requests must go on succeeding after recovery. */
    static final Duration STEADY = Duration.ofMillis(700);
    static final String TABLE = "sessions_faults";
    static final int POOL_SIZE = 4;
    static final String BREAKER_LOGGER = "dev.cloakroom.jdbc.pool.OutageBreaker";

    TcpProxy proxy;

    /** The server's port, which the proxy forwards to. */
    abstract int serverPort();

    @BeforeAll
    void migrateAndStartProxy() throws IOException {
        SchemaMigrator.migrateConfigured(settings(db.url()));
        proxy = new TcpProxy(serverPort());
        proxy.start();
    }

    @AfterAll
    void stopProxy() throws IOException {
        proxy.close();
    }

    SessionSettings settings(String url) {
        return db.connect(SessionSettings.builder().engine("db").secretKey("fault-suite-secret-key"))
                .raw("DATABASE_URL", url).raw("DATABASE_TABLE", TABLE).raw("DATABASE_CONNECT_TIMEOUT", "1")
                .raw("DATABASE_POOL_SIZE", Integer.toString(POOL_SIZE)).build();
    }

    SessionEngine engine(String engineName, String url) {
        SessionSettings settings = settings(url).toBuilder().engine(engineName).build();
        Clock clock = Clock.systemUTC();
        SessionEngines.Builder builder = SessionEngines.builder(settings).clock(clock);
        if (engineName.equals("cached_db")) {
            builder.cache(settings.cacheAlias(), LocalCaches.create(clock));
        }
        return builder.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"cut, db", "freeze, db", "cut, cached_db", "freeze, cached_db"})
    void nothingAcknowledgedIsLostAndRequestsRecoverWithinTwoSeconds(String fault, String engineName)
            throws Exception {
        String viaProxy = db.url().replace(":" + serverPort() + "/", ":" + proxy.port() + "/");
        Run run;
        try (LogCapture log = LogCapture.start(); SessionEngine engine = engine(engineName, viaProxy)) {
            run = new Run(engine);
            run.start();
            Thread.sleep(BEFORE.toMillis());
            long faultAt = System.nanoTime();
            if (fault.equals("cut")) {
                proxy.stop();
            } else {
                proxy.stall();
            }
            Thread.sleep(OUTAGE.toMillis());
            long backAt = System.nanoTime();
            if (fault.equals("cut")) {
                proxy.start();
            } else {
                proxy.resume();
            }
            run.awaitSteadySuccess(backAt, RECOVERY_BOUND.plus(STEADY));
            run.stop();
            run.report(fault + " " + engineName + " on " + db.database().displayName(), faultAt, backAt, log);

            assertThat(run.unexpected).as("failures other than DatabaseUnavailableException").isEmpty();
            assertThat(run.recovery(backAt)).as("time from the server's return to the last failed request")
                    .isLessThan(RECOVERY_BOUND);
            assertThat(run.failedSince(backAt, STEADY)).as("failures in the steady phase").isZero();
            assertThat(log.text().split("is unavailable \\(", -1).length - 1).as("lines saying the outage started")
                    .isBetween(fault.equals("cut") ? 1 : 0, 1);
            assertThat(log.text().split("answers again after", -1).length - 1).as("lines saying it ended")
                    .isEqualTo(log.text().split("is unavailable \\(", -1).length - 1);
            // HikariCP adds one line (with a stack trace) per pooled connection it finds broken: at most the pool
            assertThat(logLines(log).filter(line -> !line.contains(BREAKER_LOGGER)
                    && !line.contains("com.zaxxer.hikari.pool.ProxyConnection - cloakroom-db - Connection ")))
                    .as("other log lines").isEmpty();
            assertThat(warningAndErrorLines(log)).as("log lines for the whole run").isLessThanOrEqualTo(2 + POOL_SIZE);
        }
        try (SessionEngine direct = engine("db", db.url())) {
            assertThat(run.lostWrites(direct)).as("acknowledged writes missing afterwards").isEmpty();
        }
    }

    static long warningAndErrorLines(LogCapture log) {
        return logLines(log).count();
    }

    /**
     * Cloakroom's warnings and errors: HikariCP's own (its housekeeper's "Thread starvation or clock leap
     * detected" on a loaded machine, say) are not what these tests bound.
     */
    static java.util.stream.Stream<String> logLines(LogCapture log) {
        return log.text().lines().filter(line -> line.contains(" WARN dev.cloakroom.") || line.contains(" ERROR dev.cloakroom."));
    }

    /** The load: each request creates a session of its own and updates the worker's long-lived one. */
    static final class Run {
        final SessionEngine engine;
        final AtomicBoolean stopping = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        final Map<String, Integer> created = new ConcurrentHashMap<>();
        final String[] ownKeys = new String[WORKERS];
        final int[] lastAcknowledged = new int[WORKERS];
        final ConcurrentLinkedQueue<Long> failures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> successes = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        volatile long slowest;

        Run(SessionEngine engine) {
            this.engine = engine;
        }

        void start() {
            for (int w = 0; w < WORKERS; w++) {
                Session own = engine.open(null);
                own.put("n", 0);
                own.save();
                ownKeys[w] = own.getSessionKey();
                int worker = w;
                Thread thread = new Thread(() -> work(worker), "fault-load-" + w);
                threads.add(thread);
                thread.start();
            }
        }

        private void work(int worker) {
            for (int k = 1; !stopping.get(); k++) {
                long started = System.nanoTime();
                try {
                    Session fresh = engine.open(null);
                    fresh.put("k", k);
                    fresh.save();
                    created.put(fresh.getSessionKey(), k);
                    Session own = engine.open(ownKeys[worker]);
                    own.put("n", k);
                    own.save();
                    synchronized (this) {
                        lastAcknowledged[worker] = k;
                    }
                    successes.add(System.nanoTime());
                } catch (DatabaseUnavailableException e) {
                    failures.add(System.nanoTime());
                } catch (RuntimeException e) {
                    failures.add(System.nanoTime());
                    unexpected.add(e.toString());
                }
                slowest = Math.max(slowest, System.nanoTime() - started);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void awaitSteadySuccess(long backAt, Duration within) throws InterruptedException {
            long deadline = backAt + within.toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        void stop() throws InterruptedException {
            stopping.set(true);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(40).toMillis());
            }
        }

        Duration recovery(long backAt) {
            long last = failures.stream().mapToLong(Long::longValue).filter(t -> t > backAt).max().orElse(backAt);
            return Duration.ofNanos(last - backAt);
        }

        long failedSince(long backAt, Duration steady) {
            long from = backAt + RECOVERY_BOUND.toNanos();
            return failures.stream().filter(t -> t > from).count();
        }

        List<String> lostWrites(SessionEngine direct) {
            List<String> lost = new ArrayList<>();
            created.forEach((key, k) -> {
                Object stored = direct.open(key).get("k");
                if (!(stored instanceof Number number) || number.longValue() != k) {
                    lost.add("created " + key + " k=" + k + ", found " + stored);
                }
            });
            for (int w = 0; w < WORKERS; w++) {
                Object n = direct.open(ownKeys[w]).get("n");
                if (!(n instanceof Number stored) || stored.longValue() < lastAcknowledged[w]) {
                    lost.add("worker " + w + " n=" + n + " < acknowledged " + lastAcknowledged[w]);
                }
            }
            return lost;
        }

        void report(String name, long faultAt, long backAt, LogCapture log) {
            long during = failures.stream().filter(t -> t > faultAt && t <= backAt).count();
            System.out.printf(java.util.Locale.ROOT, "FAULT %s: %d requests ok, %d failed (%d during the outage), "
                    + "recovery %d ms after the server's return, slowest request %d ms, %d log lines%n", name,
                    successes.size(), failures.size(), during, recovery(backAt).toMillis(), slowest / 1_000_000,
                    warningAndErrorLines(log));
        }
    }
}
