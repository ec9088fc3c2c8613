package dev.cloakroom.testsupport;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.cache.CacheUnavailableException;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

/** A cache whose server is down: every call fails as a real backend reports it. */
public final class UnavailableCache implements CacheBackend {
    private static CacheUnavailableException down() {
        return new CacheUnavailableException("cache down", new ConnectException("connection refused"));
    }

    @Override
    public Optional<String> get(String key) {
        throw down();
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        throw down();
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        throw down();
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
        throw down();
    }

    @Override
    public boolean delete(String key) {
        throw down();
    }
}
