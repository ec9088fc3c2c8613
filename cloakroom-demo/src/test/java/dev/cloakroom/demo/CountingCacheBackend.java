package dev.cloakroom.demo;

import dev.cloakroom.cache.CacheBackend;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@link CacheBackend} that counts every call on the real one it wraps, for an in-process cache (the local
 * one), which has no wire to count at: the count is at the cache interface. get and contains are reads; set,
 * add, compareAndSet and delete are writes; asking for the Django-format view is unexpected (these tests run
 * in Cloakroom's format, where the engine never needs it).
 */
final class CountingCacheBackend implements CacheBackend, TrafficMeter {
    private final CacheBackend cache;
    private final TrafficTally tally = new TrafficTally();

    CountingCacheBackend(CacheBackend cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public void begin() {
        tally.reset();
    }

    @Override
    public Traffic end() {
        return tally.traffic();
    }

    private void read(String call) {
        tally.read(call);
    }

    private void write(String call) {
        tally.write(call);
    }

    @Override
    public Optional<String> get(String key) {
        read("get");
        return cache.get(key);
    }

    @Override
    public boolean contains(String key) {
        read("contains");
        return cache.contains(key);
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        write("set");
        cache.set(key, value, ttl);
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        write("add");
        return cache.add(key, value, ttl);
    }

    @Override
    public CasResult compareAndSet(String key, String expected, String value, Duration ttl) {
        write("compareAndSet");
        return cache.compareAndSet(key, expected, value, ttl);
    }

    @Override
    public boolean delete(String key) {
        write("delete");
        return cache.delete(key);
    }

    @Override
    public synchronized Optional<CacheBackend> djangoValues() {
        tally.unexpected("djangoValues");
        return Optional.empty();
    }

    @Override
    public void close() {
        cache.close();
    }
}
