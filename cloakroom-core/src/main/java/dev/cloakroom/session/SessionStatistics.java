package dev.cloakroom.session;

import java.util.concurrent.atomic.LongAdder;

/**
 * What an engine has done since it was built, for monitoring and for tests that hold the engine to its cost:
 * how often it decoded and encoded session data, read and wrote its store, and had to merge a save with a
 * concurrent request's. A snapshot: the numbers do not change after {@link SessionEngine#statistics()}
 * returns it.
 */
public final class SessionStatistics {
    private final long decodes;
    private final long encodes;
    private final long storeReads;
    private final long storeWrites;
    private final long conflicts;

    private SessionStatistics(long decodes, long encodes, long storeReads, long storeWrites, long conflicts) {
        this.decodes = decodes;
        this.encodes = encodes;
        this.storeReads = storeReads;
        this.storeWrites = storeWrites;
        this.conflicts = conflicts;
    }

    /** Session data decoded (signature checked, decompressed, deserialized). */
    public long decodes() {
        return decodes;
    }

    /** Session data encoded (serialized, compressed, signed). */
    public long encodes() {
        return encodes;
    }

    /** Loads from the store (none for signed cookies). */
    public long storeReads() {
        return storeReads;
    }

    /** Creates, replaces and deletes sent to the store (none for signed cookies). */
    public long storeWrites() {
        return storeWrites;
    }

    /** Saves that found the record changed by a concurrent request, and merged. */
    public long conflicts() {
        return conflicts;
    }

    @Override
    public String toString() {
        return "SessionStatistics[decodes=" + decodes + ", encodes=" + encodes + ", storeReads=" + storeReads
                + ", storeWrites=" + storeWrites + ", conflicts=" + conflicts + "]";
    }

    /** The live counters behind the snapshots; thread-safe and cheap on the request path. */
    static final class Counters {
        final LongAdder decodes = new LongAdder();
        final LongAdder encodes = new LongAdder();
        final LongAdder storeReads = new LongAdder();
        final LongAdder storeWrites = new LongAdder();
        final LongAdder conflicts = new LongAdder();

        SessionStatistics snapshot() {
            return new SessionStatistics(decodes.sum(), encodes.sum(), storeReads.sum(), storeWrites.sum(),
                    conflicts.sum());
        }
    }
}
