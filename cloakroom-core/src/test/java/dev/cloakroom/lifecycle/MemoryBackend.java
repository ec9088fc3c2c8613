package dev.cloakroom.lifecycle;

import dev.cloakroom.session.SessionBackend;
import dev.cloakroom.session.SessionInterruptedException;
import dev.cloakroom.session.SessionKeys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A server-side backend in a map with Django's real key generator, so cookies carry 32-char keys. */
final class MemoryBackend implements SessionBackend {
    final Map<String, Map<String, Object>> records = new ConcurrentHashMap<>();
    private final SessionKeys keys = new SessionKeys();

    @Override
    public String engineName() {
        return "memory";
    }

    @Override
    public Loaded load(String key) {
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
