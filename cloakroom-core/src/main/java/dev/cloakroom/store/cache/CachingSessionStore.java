package dev.cloakroom.store.cache;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A cache in front of any store (the cached_db engine is this around the db store). The wrapped store is the
 * truth; the cache only saves reads. Every cache failure is logged and otherwise ignored, so a cache outage
 * slows requests down but never fails one.
 *
 * <p>Writes go to the store first and then refresh the cache. When the store reports that the record changed
 * or vanished, the cache entry is dropped so the next load reads the store: a stale cache entry therefore
 * costs at most one retried save, never a lost update.
 */
public final class CachingSessionStore implements SessionStore {
    /** Cache keys of cached_db sessions; distinct from the cache engine's, and from Django's pickled entries. */
    public static final String KEY_PREFIX = "cloakroom.sessions.cached_db";

    private static final Logger LOG = LoggerFactory.getLogger(CachingSessionStore.class);

    private final SessionStore store;
    private final CacheBackend cache;
    private final Clock clock;
    private final CacheSessionStore keys;

    public CachingSessionStore(SessionStore store, CacheBackend cache, String keyPrefix, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = new CacheSessionStore(cache, keyPrefix, clock);
    }

    /** The store behind the cache. */
    public SessionStore store() {
        return store;
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        String cacheKey = keys.cacheKey(key);
        if (cacheKey != null) {
            Optional<SessionRecord> cached = quietly("read", () -> cache.get(cacheKey), Optional.<String>empty())
                    .flatMap(CacheSessionStore::parse)
                    .filter(record -> !record.isExpiredAt(clock.instant()));
            if (cached.isPresent()) {
                return cached;
            }
        }
        Optional<SessionRecord> stored = store.load(key);
        stored.ifPresent(record -> remember(cacheKey, record));
        return stored;
    }

    @Override
    public boolean exists(String key) {
        String cacheKey = keys.cacheKey(key);
        if (cacheKey != null && quietly("check", () -> cache.contains(cacheKey), false)) {
            return true;
        }
        return store.exists(key);
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        boolean created = store.create(key, record);
        if (created) {
            remember(keys.cacheKey(key), record);
        }
        return created;
    }

    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        ReplaceOutcome outcome = store.replace(key, expected, replacement);
        String cacheKey = keys.cacheKey(key);
        if (outcome == ReplaceOutcome.REPLACED) {
            remember(cacheKey, replacement);
        } else {
            forget(cacheKey);
        }
        return outcome;
    }

    @Override
    public void delete(String key) {
        store.delete(key);
        forget(keys.cacheKey(key));
    }

    /** The store's; cache entries expire by their TTL. */
    @Override
    public long clearExpired() {
        return store.clearExpired();
    }

    private void remember(String cacheKey, SessionRecord record) {
        if (cacheKey == null) {
            return;
        }
        Duration ttl = Duration.between(clock.instant(), record.expiresAt());
        quietly("write", () -> {
            cache.set(cacheKey, CacheSessionStore.format(record), ttl);
            return null;
        }, null);
    }

    private void forget(String cacheKey) {
        if (cacheKey != null) {
            quietly("delete", () -> cache.delete(cacheKey), false);
        }
    }

    private static <T> T quietly(String action, Supplier<T> operation, T fallback) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            LOG.error("Session cache failed to {} an entry; using the store alone", action, e);
            return fallback;
        }
    }
}
