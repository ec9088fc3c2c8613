package dev.cloakroom.testsupport;

import dev.cloakroom.session.SessionBackend;
import dev.cloakroom.session.SessionInterruptedException;
import dev.cloakroom.session.SessionKeys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A server-side backend in a map, with Django's real key generator so cookies carry 32-character keys, and
 * counters of loads and saves, to test Session and the lifecycle without a store.
 */
public final class MemoryBackend implements SessionBackend {
    public final Map<String, Map<String, Object>> records = new ConcurrentHashMap<>();
    public int loads;
    public int saves;
    private final SessionKeys keys = new SessionKeys();

    @Override
    public String engineName() {
        return "memory";
    }

    @Override
    public Loaded load(String key) {
        loads++;
        Map<String, Object> data = records.get(key);
        return data == null ? null : new Loaded(new LinkedHashMap<>(data), null);
    }

    @Override
    public boolean exists(String key) {
        return records.containsKey(key);
    }

    @Override
    public Persisted create(Map<String, Object> data) {
        String key = keys.generate();
        records.put(key, new LinkedHashMap<>(data));
        return new Persisted(key, new LinkedHashMap<>(data), null);
    }

    @Override
    public Persisted save(String key, Loaded base, Map<String, Object> data, Changes changes) {
        saves++;
        Map<String, Object> current = records.get(key);
        if (current == null) {
            throw new SessionInterruptedException();
        }
        Map<String, Object> merged = changes.applyTo(current, data);
        records.put(key, merged);
        return new Persisted(key, new LinkedHashMap<>(merged), null);
    }

    @Override
    public void delete(String key) {
        records.remove(key);
    }
}
