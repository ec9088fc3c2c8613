package dev.cloakroom.session;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A backend holding data in a map and counting calls, to test Session's own semantics in isolation. */
final class InMemoryBackend implements SessionBackend {
    final Map<String, Map<String, Object>> records = new HashMap<>();
    int loads;
    int saves;
    private int nextKey;

    @Override
    public String engineName() {
        return "memory";
    }

    @Override
    public Loaded load(String key) {
        loads++;
        Map<String, Object> data = records.get(key);
        return data == null ? null : new Loaded(new LinkedHashMap<>(data), data);
    }

    @Override
    public boolean exists(String key) {
        return records.containsKey(key);
    }

    @Override
    public Persisted create(Map<String, Object> data) {
        String key = String.format("k%031d", nextKey++);
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
