package dev.cloakroom.demo;

import java.util.List;

/**
 * Counts what an engine sends to one store (a database, a cache server, an in-process store) between
 * {@link #begin()} and {@link #end()}: reads, writes, and every call it could not class, which a test asserts
 * is none, so that nothing hides in a category of its own.
 */
interface TrafficMeter extends AutoCloseable {
    /** What this meter watches, as the tests and their printed tables name it: "db", "cache", "store". */
    String name();

    /** Starts a window: what came before is not counted. */
    void begin() throws Exception;

    /** Ends the window and answers what was sent in it. */
    Traffic end() throws Exception;

    @Override
    default void close() throws Exception {
    }

    /**
     * What one window saw.
     *
     * @param calls      every counted call in the order seen (a command's name, a statement's SQL), for messages
     * @param unexpected calls that are neither a read nor a write as this meter classes them
     */
    record Traffic(int reads, int writes, List<String> calls, List<String> unexpected) {
        public Traffic {
            calls = List.copyOf(calls);
            unexpected = List.copyOf(unexpected);
        }

        @Override
        public String toString() {
            return reads + " read" + (reads == 1 ? "" : "s") + ", " + writes + " write" + (writes == 1 ? "" : "s")
                    + " " + calls + (unexpected.isEmpty() ? "" : " unexpected " + unexpected);
        }
    }
}
