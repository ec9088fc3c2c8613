package dev.cloakroom.store.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The cache keys whose entry may be stale because replacing or dropping it failed or was skipped; at most
 * {@code capacity} of them, in the order they became suspect: beyond that the longest-suspect key is trusted
 * again (its entry still ends with its TTL). Thread-safe.
 */
final class SuspectKeys {
    private final int capacity;
    private final LinkedHashSet<String> keys = new LinkedHashSet<>();

    SuspectKeys(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String cacheKey) {
        // moved to the end: a key that became suspect again is the newest
        keys.remove(cacheKey);
        keys.add(cacheKey);
        if (keys.size() > capacity) {
            Iterator<String> oldest = keys.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    synchronized boolean contains(String cacheKey) {
        return keys.contains(cacheKey);
    }

    synchronized void remove(String cacheKey) {
        keys.remove(cacheKey);
    }

    synchronized List<String> snapshot() {
        return new ArrayList<>(keys);
    }

    synchronized int size() {
        return keys.size();
    }
}
