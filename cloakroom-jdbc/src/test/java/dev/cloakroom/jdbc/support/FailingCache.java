package dev.cloakroom.jdbc.support;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

/**
 * A cache whose reads, writes or both fail with {@link CacheUnavailableException}, as a cache server that is
 * down does; what does not fail goes to a working cache behind it.
 */
public final class FailingCache implements CacheBackend {
    /** The message of every failure, so a test can find the failure in a log. */
    public static final String FAILURE = "test cache is down";

    private final CacheBackend working;
    private final boolean readsFail;
    private final boolean writesFail;

    private FailingCache(CacheBackend working, boolean readsFail, boolean writesFail) {
        this.working = working;
        this.readsFail = readsFail;
        this.writesFail = writesFail;
    }

    /** get and contains fail; writes reach {@code working}. */
    public static FailingCache failingReads(CacheBackend working) {
        return new FailingCache(working, true, false);
    }

    /** set, add, compareAndSet and delete fail; reads reach {@code working}. */
    public static FailingCache failingWrites(CacheBackend working) {
        return new FailingCache(working, false, true);
    }

    private static CacheUnavailableException down() {
        return new CacheUnavailableException(FAILURE, new ConnectException("Connection refused"));
    }

    @Override
    public Optional<String> get(String key) {
        if (readsFail) {
            throw down();
        }
        return working.get(key);
    }

    @Override
    public boolean contains(String key) {
        if (readsFail) {
            throw down();
        }
        return working.contains(key);
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        if (writesFail) {
            throw down();
        }
        working.set(key, value, ttl);
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        if (writesFail) {
            throw down();
        }
        return working.add(key, value, ttl);
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
        if (writesFail) {
            throw down();
        }
        return working.compareAndSet(key, expected, value, ttl);
    }

    @Override
    public boolean delete(String key) {
        if (writesFail) {
            throw down();
        }
        return working.delete(key);
    }
}
