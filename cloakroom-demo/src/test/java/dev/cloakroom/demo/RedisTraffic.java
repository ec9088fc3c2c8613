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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands a Redis server of the test's own received, read on the server's side, over two plain
 * connections of the meter's own:
 * <ul>
 *   <li>{@code MONITOR} lists every command as the server runs it, with the client that sent it, and the
 *       commands a Lua script ran inside the server under {@code [0 lua]}. A window is delimited by an
 *       {@code ECHO} of a fresh marker, so every command before the marker has been seen when it arrives.</li>
 *   <li>{@code INFO commandstats} before and after: calls per command, which count a script's own commands too.
 *       The window's figures must equal what MONITOR saw, the client's commands and the scripts' together
 *       (the meter's own INFO and ECHO left out), so that nothing went past the monitor.</li>
 * </ul>
 * A command the client sent is a round trip: GET, EXISTS, MGET, TTL and PTTL are reads; SET (NX or not),
 * SETEX, PSETEX, DEL, UNLINK, EXPIRE, PEXPIRE are writes; an EVAL or EVALSHA is one round trip, a write when the
 * script wrote inside the server and a read when it only read (each of Cloakroom's scripts writes at most once, which
 * is checked); anything else is unexpected. A script's own commands are listed in the calls after {@code lua:} and
 * never counted as round trips: they never cross the wire.
 */
final class RedisTraffic implements TrafficMeter {
    private static final Set<String> READS = Set.of("get", "exists", "mget", "ttl", "pttl");
    private static final Set<String> WRITES = Set.of("set", "setex", "psetex", "del", "unlink", "expire", "pexpire",
            "getdel", "getex");
    /** Round trips that run a script: a read or a write by what the script did inside the server. */
    private static final Set<String> SCRIPTS = Set.of("eval", "evalsha");
    /** The meter's own commands on its control connection. */
    private static final Set<String> OWN = Set.of("info", "echo", "monitor");
    /** {@code 1700000000.123456 [0 127.0.0.1:5555] "get" "key"}, as MONITOR writes a line. */
    private static final Pattern LINE = Pattern.compile("^\\+?[0-9.]+ \\[\\d+ ([^\\]]+)\\] \"([^\"]*)\"");
    private static final Pattern STAT = Pattern.compile("^cmdstat_([^:]+):calls=(\\d+),");

    private final Socket monitor;
    private final BufferedReader monitorLines;
    private final Socket control;
    private final BufferedReader controlReplies;
    private final String controlAddress;
    private Map<String, Long> statsBefore;

    RedisTraffic(int port) throws IOException {
        monitor = new Socket("127.0.0.1", port);
        monitor.setSoTimeout(10_000);
        monitorLines = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
        send(monitor, "MONITOR");
        String ok = monitorLines.readLine();
        if (!"+OK".equals(ok)) {
            throw new IOException("MONITOR answered " + ok);
        }
        control = new Socket("127.0.0.1", port);
        control.setSoTimeout(10_000);
        controlReplies = new BufferedReader(new InputStreamReader(control.getInputStream(), StandardCharsets.UTF_8));
        controlAddress = "127.0.0.1:" + control.getLocalPort();
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public void begin() throws IOException {
        statsBefore = commandStats();
        linesUntilMarker();
    }

    @Override
    public Traffic end() throws IOException {
        List<String> lines = linesUntilMarker();
        Map<String, Long> statsAfter = commandStats();
        int reads = 0;
        int writes = 0;
        int scripts = 0;
        int scriptWrites = 0;
        List<String> calls = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, Long> monitored = new HashMap<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                unexpected.add("unparsed MONITOR line: " + line);
                continue;
            }
            String client = m.group(1);
            String command = m.group(2).toLowerCase(Locale.ROOT);
            if (client.equals(controlAddress)) {
                continue;
            }
            monitored.merge(command, 1L, Long::sum);
            if (client.equals("lua")) {
                calls.add("lua:" + command);
                if (WRITES.contains(command)) {
                    scriptWrites++;
                }
            } else if (SCRIPTS.contains(command)) {
                scripts++;
                calls.add(command);
            } else if (READS.contains(command)) {
                reads++;
                calls.add(command);
            } else if (WRITES.contains(command)) {
                writes++;
                calls.add(command);
            } else {
                calls.add(command);
                unexpected.add(command);
            }
        }
        Map<String, Long> counted = new HashMap<>();
        for (Map.Entry<String, Long> stat : statsAfter.entrySet()) {
            long delta = stat.getValue() - statsBefore.getOrDefault(stat.getKey(), 0L);
            if (delta != 0 && !OWN.contains(stat.getKey())) {
                counted.put(stat.getKey(), delta);
            }
        }
        if (!counted.equals(monitored)) {
            unexpected.add("INFO commandstats counted " + counted + " where MONITOR saw " + monitored);
        }
        if (scriptWrites > scripts) {
            unexpected.add(scriptWrites + " writes inside " + scripts + " scripts: a script wrote more than once");
        }
        // each script round trip is a write when it wrote (every Cloakroom script writes at most once), else a read
        writes += Math.min(scriptWrites, scripts);
        reads += scripts - Math.min(scriptWrites, scripts);
        return new Traffic(reads, writes, calls, unexpected);
    }

    /** Sends a fresh marker and answers the monitor's lines before it. */
    private List<String> linesUntilMarker() throws IOException {
        String marker = "cloakroom-marker-" + UUID.randomUUID();
        send(control, "ECHO " + marker);
        readReply();
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = monitorLines.readLine();
            if (line == null) {
                throw new IOException("the MONITOR connection closed");
            }
            if (line.contains(marker)) {
                return lines;
            }
            lines.add(line);
        }
    }

    /** INFO commandstats: calls per command (subcommands such as {@code config|get} under their full name). */
    private Map<String, Long> commandStats() throws IOException {
        send(control, "INFO commandstats");
        String info = readReply();
        Map<String, Long> stats = new HashMap<>();
        for (String line : info.split("\r\n")) {
            Matcher m = STAT.matcher(line);
            if (m.find()) {
                stats.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return stats;
    }

    /** One reply on the control connection: a bulk string's text, or a simple reply's line. */
    private String readReply() throws IOException {
        String head = controlReplies.readLine();
        if (head == null || head.startsWith("-")) {
            throw new IOException("Redis answered " + head);
        }
        if (!head.startsWith("$")) {
            return head.substring(1);
        }
        int length = Integer.parseInt(head.substring(1));
        char[] body = new char[length + 2];
        int read = 0;
        while (read < body.length) {
            int n = controlReplies.read(body, read, body.length - read);
            if (n < 0) {
                throw new IOException("the control connection closed");
            }
            read += n;
        }
        return new String(body, 0, length);
    }

    /** An inline command (words without spaces or quotes inside). */
    private static void send(Socket socket, String command) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            monitor.close();
        } finally {
            control.close();
        }
    }
}
