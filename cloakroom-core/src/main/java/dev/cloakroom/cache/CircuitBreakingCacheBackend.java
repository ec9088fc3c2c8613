package dev.cloakroom.cache;

import dev.cloakroom.settings.CircuitBreakerPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
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
 *       success runs the {@linkplain #beforeClosing tasks due before closing} and then closes the breaker; its
 *       failure (or a task's) opens it for another {@code retryAfter}. A probe that has not answered within
 *       {@code retryAfter} counts as failed, so one that never returns cannot keep the breaker half-open.</li>
 * </ul>
 *
 * <p>Each change of state that matters is logged once: one warning when the breaker opens, naming the failure, and
 * one line when it closes, with how long the cache was skipped and how many calls were. Nothing is logged per
 * skipped call. Failures other than {@link CacheUnavailableException} (a bad argument, say) are the caller's and
 * pass through uncounted, and so does a {@link ReplicationShortfallException}: the cache answered (and counts as
 * a success), only its replicas were slow to confirm a write. A call admitted before the breaker last opened that
 * fails after it closed again is not counted: it reports on the cache as it was, not as it is. Intervals are
 * measured with an injected monotonic nanosecond ticker ({@code System::nanoTime} in production), so a wall clock
 * stepped back cannot keep the cache skipped; thread-safe.
 */
public final class CircuitBreakingCacheBackend implements CacheBackend {
    /** What the probe reads; it never exists, so a probe costs one round trip and no data. */
    static final String PROBE_KEY = "cloakroom.circuit-breaker.probe";

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakingCacheBackend.class);

    private enum State { CLOSED, OPEN, PROBING }

    private final CacheBackend cache;
    private final String name;
    private final CircuitBreakerPolicy policy;
    private final LongSupplier nanoTime;
    private Optional<CircuitBreakingCacheBackend> djangoValues;
    private final Executor probes;
    private final List<Consumer<CacheBackend>> beforeClosing = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Read without the lock by {@link #admit()}'s fast path; written under it. */
    private volatile State state = State.CLOSED;
    /** Counts the times the breaker opened; a call carries the one it was admitted in. */
    private volatile long generation;
    /** Written under the lock; volatile so that a success with nothing to reset takes no lock. */
    private volatile int consecutiveFailures;
    private long openedAt;
    private long retryAt;
    private long probeStartedAt;
    private long probeGeneration;
    private long skipped;

    /**
     * A breaker that measures time with {@code System::nanoTime} and runs each probe on a daemon thread of its own.
     *
     * @param name how the logs name the cache, e.g. {@code cache 'default'}
     */
    public CircuitBreakingCacheBackend(CacheBackend cache, String name, CircuitBreakerPolicy policy) {
        this(cache, name, policy, System::nanoTime, CircuitBreakingCacheBackend::startProbeThread);
    }

    /**
     * As above, with the monotonic nanosecond ticker intervals are measured with and the executor the probes run
     * on ({@code Runnable::run} runs them on the caller's thread).
     */
    public CircuitBreakingCacheBackend(CacheBackend cache, String name, CircuitBreakerPolicy policy,
            LongSupplier nanoTime, Executor probes) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
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
        return state == State.CLOSED;
    }

    /**
     * Adds a task that runs, on the probe's thread, each time a probe finds the cache answering, before any call
     * reaches it again; it gets the cache behind the breaker. A task that throws keeps the breaker open until the
     * next probe (whose success runs every task again). Used to repair what was skipped meanwhile: a cache entry
     * whose delete was skipped must be gone before another process can read it from a cache that answers.
     */
    public void beforeClosing(Consumer<CacheBackend> task) {
        beforeClosing.add(Objects.requireNonNull(task, "task"));
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
    public Optional<String> getOrAdd(String key, String value, Duration ttl) {
        return call(() -> cache.getOrAdd(key, value, ttl));
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
            djangoValues = cache.djangoValues().map(view -> new CircuitBreakingCacheBackend(view,
                    name + " (Django's values)", policy, nanoTime, probes));
        }
        return djangoValues.map(CacheBackend.class::cast);
    }

    @Override
    public void close() {
        cache.close();
    }

    private <T> T call(Supplier<T> operation) {
        long admittedIn = admit();
        long started = nanoTime.getAsLong();
        try {
            T result = operation.get();
            succeeded(admittedIn);
            return result;
        } catch (ReplicationShortfallException answered) {
            // The primary took the write and answered in time; only its replicas lagged. Not an outage.
            succeeded(admittedIn);
            throw answered;
        } catch (CacheUnavailableException failure) {
            failed(failure, Duration.ofNanos(nanoTime.getAsLong() - started), admittedIn);
            throw failure;
        }
    }

    /**
     * Returns the generation the call is admitted in when it may go to the cache; otherwise counts it skipped,
     * starts a probe if one is due, and throws.
     */
    private long admit() {
        if (state == State.CLOSED) {
            // The healthy path takes no lock. Read the generation first: a breaker that opens in between makes
            // this call's failure one of the generation before, ignored, which is what a call racing the
            // opening deserves.
            long admittedIn = generation;
            if (state == State.CLOSED) {
                return admittedIn;
            }
        }
        long probeNow = -1;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return generation;
            }
            skipped++;
            long now = nanoTime.getAsLong();
            boolean probeDue = state == State.OPEN && now - retryAt >= 0;
            boolean probeOverdue = state == State.PROBING && now - probeStartedAt >= policy.retryAfter().toNanos();
            if (probeDue || probeOverdue) {
                state = State.PROBING;
                probeStartedAt = now;
                probeNow = ++probeGeneration;
            }
        } finally {
            lock.unlock();
        }
        if (probeNow >= 0) {
            long probeId = probeNow;
            try {
                probes.execute(() -> probe(probeId));
            } catch (RejectedExecutionException noThread) {
                probeFailed(probeId);
            }
        }
        throw new CacheSkippedException("The " + name + " is not being called: it failed and has not answered"
                + " a probe since; the next probe is at most " + policy.retryAfter().toMillis() + " ms away");
    }

    private void succeeded(long admittedIn) {
        if (consecutiveFailures == 0) {
            // The healthy path: every call succeeds, and taking the lock for each made the threads of a busy
            // server queue on it. A failure counted concurrently is as if it came just after this success.
            return;
        }
        lock.lock();
        try {
            if (state == State.CLOSED && admittedIn == generation) {
                consecutiveFailures = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    private void failed(CacheUnavailableException failure, Duration took, long admittedIn) {
        lock.lock();
        try {
            // Calls already under way when the breaker opened report here too, while it is open or after a probe
            // closed it again: they tell of the cache as it was then, which the breaker has already acted on.
            if (state != State.CLOSED || admittedIn != generation) {
                return;
            }
            consecutiveFailures++;
            boolean slow = took.compareTo(policy.slowFailure()) >= 0;
            if (!slow && consecutiveFailures < policy.failures()) {
                return;
            }
            generation++;
            openedAt = nanoTime.getAsLong();
            retryAt = openedAt + policy.retryAfter().toNanos();
            skipped = 0;
            state = State.OPEN;
            LOG.warn("The {} failed{} ({}); skipping it and probing it every {} ms until it answers", name,
                    slow ? " after " + took.toMillis() + " ms" : " " + consecutiveFailures + " times in a row",
                    failure.getMessage(), policy.retryAfter().toMillis());
        } finally {
            lock.unlock();
        }
    }

    private void probe(long probeId) {
        try {
            cache.get(PROBE_KEY);
            for (Consumer<CacheBackend> task : beforeClosing) {
                task.accept(cache);
            }
        } catch (RuntimeException stillDown) {
            probeFailed(probeId);
            return;
        }
        lock.lock();
        try {
            if (state != State.PROBING || probeId != probeGeneration) {
                // overtaken: a later probe was started after this one ran past its deadline
                return;
            }
            consecutiveFailures = 0;
            state = State.CLOSED;
            LOG.info("The {} answers again; it was skipped for {} ms, {} calls in all", name,
                    TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - openedAt), skipped);
        } finally {
            lock.unlock();
        }
    }

    private void probeFailed(long probeId) {
        lock.lock();
        try {
            if (state != State.PROBING || probeId != probeGeneration) {
                return;
            }
            state = State.OPEN;
            retryAt = nanoTime.getAsLong() + policy.retryAfter().toNanos();
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
