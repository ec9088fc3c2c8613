package dev.cloakroom.demo;

import java.util.ArrayList;
import java.util.List;

/** The counts of one {@link TrafficMeter}'s window, for the meters that count calls in this JVM; thread-safe. */
final class TrafficTally {
    private final List<String> calls = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private int reads;
    private int writes;

    synchronized void reset() {
        calls.clear();
        unexpected.clear();
        reads = 0;
        writes = 0;
    }

    synchronized void read(String call) {
        reads++;
        calls.add(call);
    }

    synchronized void write(String call) {
        writes++;
        calls.add(call);
    }

    /** A call that is neither a read nor a write, which the tests assert never happens. */
    synchronized void unexpected(String call) {
        calls.add(call);
        unexpected.add(call);
    }

    synchronized TrafficMeter.Traffic traffic() {
        return new TrafficMeter.Traffic(reads, writes, calls, unexpected);
    }
}
