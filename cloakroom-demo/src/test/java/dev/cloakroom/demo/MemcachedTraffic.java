package dev.cloakroom.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The commands a memcached server of the test's own received, from its {@code stats} before and after, read
 * over a plain connection of the meter's own ({@code stats} itself counts in none of these figures):
 * {@code cmd_get} (every key a get or gets asked for) is the reads; {@code cmd_set} (set, add, replace, append,
 * prepend and cas alike), {@code cmd_touch}, {@code delete_hits} + {@code delete_misses} and the incr/decr
 * hits and misses are the writes; a {@code cmd_flush} is unexpected. The calls list the figures that moved
 * ({@code get_hits}, {@code cas_hits}... included), so a message shows what each command did.
 */
final class MemcachedTraffic implements TrafficMeter {
    private static final List<String> WRITES = List.of("cmd_set", "cmd_touch", "delete_hits", "delete_misses",
            "incr_hits", "incr_misses", "decr_hits", "decr_misses");
    /** Figures that detail the counted ones, shown in the calls. */
    private static final List<String> DETAIL = List.of("get_hits", "get_misses", "get_expired", "cas_hits",
            "cas_misses", "cas_badval", "touch_hits", "touch_misses");

    private final Socket socket;
    private final BufferedReader replies;
    private Map<String, Long> before;

    MemcachedTraffic(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        replies = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public void begin() throws IOException {
        before = stats();
    }

    @Override
    public Traffic end() throws IOException {
        Map<String, Long> after = stats();
        List<String> calls = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        int reads = (int) delta(after, "cmd_get");
        if (reads > 0) {
            calls.add("cmd_get=" + reads);
        }
        int writes = 0;
        for (String figure : WRITES) {
            long moved = delta(after, figure);
            writes += (int) moved;
            if (moved > 0) {
                calls.add(figure + "=" + moved);
            }
        }
        for (String figure : DETAIL) {
            long moved = delta(after, figure);
            if (moved > 0) {
                calls.add(figure + "=" + moved);
            }
        }
        if (delta(after, "cmd_flush") > 0) {
            unexpected.add("cmd_flush=" + delta(after, "cmd_flush"));
        }
        return new Traffic(reads, writes, calls, unexpected);
    }

    private long delta(Map<String, Long> after, String figure) {
        return after.getOrDefault(figure, 0L) - before.getOrDefault(figure, 0L);
    }

    private Map<String, Long> stats() throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Map<String, Long> stats = new HashMap<>();
        while (true) {
            String line = replies.readLine();
            if (line == null) {
                throw new IOException("memcached closed the stats connection");
            }
            if (line.equals("END")) {
                return stats;
            }
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("STAT") && parts[2].matches("\\d+")) {
                stats.put(parts[1], Long.parseLong(parts[2]));
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
