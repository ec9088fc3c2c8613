package dev.cloakroom.cache;

import dev.cloakroom.settings.CircuitBreakerPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A circuit breaker in front of any {@link CacheBackend}: once the cache fails, calls stop reaching it and fail at
 * once with {@link CacheSkippedException}, until a probe finds that it answers again. Without it, a cache that
 * hangs costs every call its full timeout (cached_db makes several per request); with it, only the calls already
 * under way when the trouble began pay.
 *
 * <p>States:
 * <ul>
 *   <li><b>closed</b>: every call goes to the cache. A failure ({@link CacheUnavailableException}) that took at
 *       least {@link CircuitBreakerPolicy#slowFailure()}, or {@link CircuitBreakerPolicy#failures()} failures in a
 *       row, open the breaker; a success resets the count.</li>
 *   <li><b>open</b>: no call goes to the cache; each is skipped. The first call made once
 *       {@link CircuitBreakerPolicy#retryAfter()} has passed starts a probe and is skipped too.</li>
 *   <li><b>probing</b> (half-open): one probe, a read of a key nobody writes, runs on the probe executor, off the
 *       request's thread, so no request waits for a cache that may still hang; calls are skipped meanwhile. Its
 *       success closes the breaker; its failure opens it for another {@code retryAfter}.</li>
 * </ul>
 *
 * <p>Each change of state that matters is logged once: one warning when the breaker opens, naming the failure, and
 * one line when it closes, with how long the cache was skipped and how many calls were. Nothing is logged per
 * skipped call. Failures other than {@link CacheUnavailableException} (a bad argument, say) are the caller's and
 * pass through uncounted. Time comes from the injected clock; thread-safe.
 */
public final class CircuitBreakingCacheBackend implements CacheBackend {
    /** What the probe reads; it never exists, so a probe costs one round trip and no data. */
    static final String PROBE_KEY = "cloakroom.circuit-breaker.probe";

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakingCacheBackend.class);

    private enum State { CLOSED, OPEN, PROBING }

    private final CacheBackend cache;
    private final String name;
    private final CircuitBreakerPolicy policy;
    private final Clock clock;
    private Optional<CircuitBreakingCacheBackend> djangoValues;
    private final Executor probes;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private Instant retryAt;
    private long skipped;

    /**
     * A breaker that runs each probe on a daemon thread of its own (at most one at a time).
     *
     * @param name how the logs name the cache, e.g. {@code cache 'default'}
     */
    public CircuitBreakingCacheBackend(CacheBackend cache, String name, CircuitBreakerPolicy policy, Clock clock) {
        this(cache, name, policy, clock, CircuitBreakingCacheBackend::startProbeThread);
    }

    /** As above, with the executor the probes run on ({@code Runnable::run} runs them on the caller's thread). */
    public CircuitBreakingCacheBackend(CacheBackend cache, String name, CircuitBreakerPolicy policy, Clock clock,
            Executor probes) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probes = Objects.requireNonNull(probes, "probes");
        if (!policy.enabled()) {
            throw new IllegalArgumentException("a breaker needs a failure count of at least 1, got " + policy);
        }
    }

    /** The cache behind the breaker. */
    public CacheBackend cache() {
        return cache;
    }

    /** Whether calls are reaching the cache now. */
    public boolean isClosed() {
        lock.lock();
        try {
            return state == State.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<String> get(String key) {
        return call(() -> cache.get(key));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        call(() -> {
            cache.set(key, value, ttl);
            return null;
        });
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        return call(() -> cache.add(key, value, ttl));
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
        return call(() -> cache.compareAndSet(key, expected, value, ttl));
    }

    @Override
    public boolean delete(String key) {
        return call(() -> cache.delete(key));
    }

    @Override
    public boolean contains(String key) {
        return call(() -> cache.contains(key));
    }

    /** The wrapped cache's view of Django's values, behind a breaker of its own with the same policy. */
    @Override
    public synchronized Optional<CacheBackend> djangoValues() {
        if (djangoValues == null) {
            djangoValues = cache.djangoValues()
                    .map(view -> new CircuitBreakingCacheBackend(view, name + " (Django's values)", policy, clock));
        }
        return djangoValues.map(CacheBackend.class::cast);
    }

    @Override
    public void close() {
        cache.close();
    }

    private <T> T call(Supplier<T> operation) {
        admit();
        Instant started = clock.instant();
        try {
            T result = operation.get();
            succeeded();
            return result;
        } catch (CacheUnavailableException failure) {
            failed(failure, Duration.between(started, clock.instant()));
            throw failure;
        }
    }

    /** Returns when the call may go to the cache; otherwise counts it skipped, starts a probe if due, and throws. */
    private void admit() {
        boolean probeNow = false;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            skipped++;
            if (state == State.OPEN && !clock.instant().isBefore(retryAt)) {
                state = State.PROBING;
                probeNow = true;
            }
        } finally {
            lock.unlock();
        }
        if (probeNow) {
            try {
                probes.execute(this::probe);
            } catch (RejectedExecutionException noThread) {
                probeFailed();
            }
        }
        throw new CacheSkippedException("The " + name + " is not being called: it failed and has not answered"
                + " a probe since; the next probe is at most " + policy.retryAfter().toMillis() + " ms away");
    }

    private void succeeded() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                consecutiveFailures = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    private void failed(CacheUnavailableException failure, Duration took) {
        lock.lock();
        try {
            // Calls already under way when the breaker opened report here too; the breaker is open already.
            if (state != State.CLOSED) {
                return;
            }
            consecutiveFailures++;
            boolean slow = took.compareTo(policy.slowFailure()) >= 0;
            if (!slow && consecutiveFailures < policy.failures()) {
                return;
            }
            state = State.OPEN;
            openedAt = clock.instant();
            retryAt = openedAt.plus(policy.retryAfter());
            skipped = 0;
            LOG.warn("The {} failed{} ({}); skipping it and probing it every {} ms until it answers", name,
                    slow ? " after " + took.toMillis() + " ms" : " " + consecutiveFailures + " times in a row",
                    failure.getMessage(), policy.retryAfter().toMillis());
        } finally {
            lock.unlock();
        }
    }

    private void probe() {
        try {
            cache.get(PROBE_KEY);
        } catch (RuntimeException stillDown) {
            probeFailed();
            return;
        }
        lock.lock();
        try {
            state = State.CLOSED;
            consecutiveFailures = 0;
            LOG.info("The {} answers again; it was skipped for {} ms, {} calls in all", name,
                    Duration.between(openedAt, clock.instant()).toMillis(), skipped);
        } finally {
            lock.unlock();
        }
    }

    private void probeFailed() {
        lock.lock();
        try {
            state = State.OPEN;
            retryAt = clock.instant().plus(policy.retryAfter());
        } finally {
            lock.unlock();
        }
    }

    private static void startProbeThread(Runnable probe) {
        Thread thread = new Thread(probe, "cloakroom-cache-probe");
        thread.setDaemon(true);
        thread.start();
    }
}
