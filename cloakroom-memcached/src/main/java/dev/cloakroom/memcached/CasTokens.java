package dev.cloakroom.memcached;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CAS unique Memcached gave with the value last read under each key, so that a compareAndSet of that very
 * value can go straight to {@code cas}: a session is loaded, changed and saved, and the load's {@code gets}
 * already holds what the save needs. That halves the round trips of a save and shortens the window in which a
 * concurrent write makes it conflict, which is what keeps sixteen writers to one session from starving each
 * other.
 *
 * <p>A token is only ever a shortcut: {@code cas} with it succeeds only if nobody wrote the entry since it was
 * read, when the entry still holds the expected value. When it fails, or no token is known, compareAndSet reads
 * the entry again and decides by its value. So tokens are dropped freely: each is used once, and when more
 * than {@value #MAX_TOKENS} accumulate (reads not followed by a save) all are forgotten.
 *
 * <p>A CAS unique means something only to the server process that handed it out: a restarted Memcached counts
 * from 1 again, so an old token can match an unrelated entry written since, and a {@code cas} with it would
 * overwrite that entry. Each token therefore carries the connection generation its {@code gets} was sent in
 * (a counter the backend moves on every connect and disconnect), and is used only while that generation holds.
 */
final class CasTokens {
    static final int MAX_TOKENS = 1024;

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    /** A value read, the CAS unique it was read with, and the connection generation of that read. */
    record Token(String value, long casUnique, long generation) {
    }

    /**
     * Remembers that {@code key} held {@code value} at {@code casUnique}, read in connection generation
     * {@code generation} (taken before the {@code gets} was sent).
     */
    void remember(String key, String value, long casUnique, long generation) {
        if (tokens.size() >= MAX_TOKENS) {
            tokens.clear();
        }
        tokens.put(key, new Token(value, casUnique, generation));
    }

    /**
     * The CAS unique of {@code expected} under {@code key}, if that is what was read last and it was read in
     * {@code currentGeneration}, the generation now; forgets it either way.
     */
    OptionalLong take(String key, String expected, long currentGeneration) {
        Token token = tokens.remove(key);
        return token != null && token.generation() == currentGeneration && token.value().equals(expected)
                ? OptionalLong.of(token.casUnique()) : OptionalLong.empty();
    }

    /** Forgets {@code key}'s token, after a write that made it useless. */
    void forget(String key) {
        tokens.remove(key);
    }

    int size() {
        return tokens.size();
    }
}
