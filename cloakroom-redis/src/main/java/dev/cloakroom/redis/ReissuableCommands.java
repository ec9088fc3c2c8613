package dev.cloakroom.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The backend's two writes whose answer depends on what is stored, written so that a second issue after a lost
 * reply answers as the first would have ({@link ConnectionWatch} explains when a command is issued again). Every
 * other command the backend sends answers the same, or as well, when it runs twice.
 */
final class ReissuableCommands {
    /**
     * KEYS[1] the key; ARGV[1] the SHA-1 of the expected value, in lower-case hex; ARGV[2] the new value, ARGV[3]
     * the TTL in milliseconds (0 to delete). Returns 1 swapped, 0 another value is there, -1 no entry. The digest
     * instead of the value keeps a save from sending the session twice (40 characters instead of a second copy
     * of a 4 KB session), at the price of hashing the stored value on the server (a few microseconds for 4 KB, not
     * measured here). A wrong swap would need a different value with the same SHA-1 written between one
     * request's read and its save.
     */
    static final String COMPARE_AND_SET_SCRIPT = String.join("\n",
            "local current = redis.call('GET', KEYS[1])",
            "if not current then return -1 end",
            "if redis.sha1hex(current) ~= ARGV[1] then return 0 end",
            "if ARGV[3] == '0' then redis.call('DEL', KEYS[1])",
            "else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end",
            "return 1");

    /**
     * KEYS[1] the key; ARGV[1] the value to store when there is none, ARGV[2] its TTL in milliseconds. Returns the
     * live value, or ARGV[1] once stored: {@code get} and {@code SET NX} in one round trip.
     */
    static final String GET_OR_ADD_SCRIPT = String.join("\n",
            "local current = redis.call('GET', KEYS[1])",
            "if current then return current end",
            "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])",
            "return ARGV[1]");

    static final long SWAPPED = 1;
    static final long CHANGED = 0;
    static final long ABSENT = -1;

    private ReissuableCommands() {
    }

    /**
     * {@code SET key value NX PX millis}: whether the value was stored. Reissued, a refusal is checked: the entry
     * holding exactly {@code value} is the one the first issue stored (the key is a fresh random one, so no other
     * writer stores the same value under it), and the add counts as done.
     */
    static boolean add(RedisClusterCommands<String, String> redis, String key, String value, long millis,
            boolean reissued) {
        if ("OK".equals(redis.set(key, value, SetArgs.Builder.nx().px(millis)))) {
            return true;
        }
        return reissued && value.equals(redis.get(key));
    }

    /**
     * Runs {@link #GET_OR_ADD_SCRIPT} (by digest, in full when the server does not know it yet). Safe to reissue
     * as it is: a second run finds the value the first stored and answers it, which is what the first answered.
     */
    static String getOrAdd(RedisClusterCommands<String, String> redis, String digest, String key, String value,
            long millis) {
        String[] keys = {key};
        try {
            return redis.<String>evalsha(digest, ScriptOutputType.VALUE, keys, value, Long.toString(millis));
        } catch (RedisNoScriptException unknownToThisServer) {
            return redis.<String>eval(GET_OR_ADD_SCRIPT, ScriptOutputType.VALUE, keys, value, Long.toString(millis));
        }
    }

    /**
     * Runs {@link #COMPARE_AND_SET_SCRIPT} (by digest, and in full when this server does not know it yet) and
     * returns its outcome. Reissued, the script may find the work of its own first issue: the new value in place
     * of the expected one (reported as the swap it was), or, for a delete, no entry (the delete is done).
     */
    static long compareAndSet(RedisClusterCommands<String, String> redis, String digest, String key,
            String expectedDigest, String value, String millis, boolean reissued) {
        String[] keys = {key};
        long outcome;
        try {
            outcome = redis.<Long>evalsha(digest, ScriptOutputType.INTEGER, keys, expectedDigest, value, millis);
        } catch (RedisNoScriptException unknownToThisServer) {
            // First use on this server (a promoted replica included), or its script cache was flushed: EVAL runs
            // it and caches it again.
            outcome = redis.<Long>eval(COMPARE_AND_SET_SCRIPT, ScriptOutputType.INTEGER, keys, expectedDigest, value,
                    millis);
        }
        if (reissued && outcome == ABSENT && "0".equals(millis)) {
            return SWAPPED;
        }
        if (reissued && outcome == CHANGED && value.equals(redis.get(key))) {
            return SWAPPED;
        }
        return outcome;
    }
}
