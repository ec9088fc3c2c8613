package dev.cloakroom.bench.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The load script's HTTP client for what wrk cannot do.
 *
 * <ul>
 *   <li>{@code seed --url U --sessions N --out FILE}: makes N sessions as new visitors do (one
 *       {@code GET /count} each without a cookie, so each holds count 1) and writes each one's
 *       {@code name=value} cookie to FILE, one a line, for wrk's returning visitors.</li>
 *   <li>{@code readback --url U --cookies FILE}: the sum of {@code GET /read} over the cookies in FILE, for
 *       stores that live inside the server process (Jetty's sessions, Cloakroom's local cache), where the server
 *       is the only place to read them from. Prints {@code SUM <n> MISSING <sessions answering 0>}.</li>
 * </ul>
 */
public final class BenchClient {
    private static final int PARALLEL = 8;

    private BenchClient() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "";
        BenchArgs options = new BenchArgs(java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        URI base = URI.create(options.required("url"));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            switch (command) {
                case "seed" -> seed(client, pool, base, Integer.parseInt(options.required("sessions")),
                        Path.of(options.required("out")));
                case "readback" -> readBack(client, pool, base, Files.readAllLines(Path.of(options.required("cookies"))));
                default -> throw new IllegalArgumentException("expected seed or readback, got '" + command + "'");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void seed(HttpClient client, ExecutorService pool, URI base, int sessions, Path out)
            throws Exception {
        List<Future<String>> cookies = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            cookies.add(pool.submit(() -> {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/count")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Optional<String> setCookie = response.headers().firstValue("set-cookie");
                if (response.statusCode() != 200 || setCookie.isEmpty()) {
                    throw new IllegalStateException("seeding " + base + ": status " + response.statusCode()
                            + ", Set-Cookie " + setCookie.orElse("absent"));
                }
                return setCookie.get().split(";", 2)[0].trim();
            }));
        }
        List<String> lines = new ArrayList<>(sessions);
        for (Future<String> cookie : cookies) {
            lines.add(cookie.get());
        }
        Files.write(out, lines, StandardCharsets.US_ASCII);
        System.out.println("SEEDED " + lines.size());
    }

    private static void readBack(HttpClient client, ExecutorService pool, URI base, List<String> cookies)
            throws Exception {
        List<Future<Long>> counts = new ArrayList<>();
        for (String cookie : cookies) {
            counts.add(pool.submit(() -> {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/read"))
                        .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("reading back " + base + ": status " + response.statusCode());
                }
                return Long.parseLong(response.body().trim());
            }));
        }
        long sum = 0;
        long missing = 0;
        for (Future<Long> count : counts) {
            long value = count.get();
            sum += value;
            missing += value == 0 ? 1 : 0;
        }
        System.out.println("SUM " + sum + " MISSING " + missing);
    }
}
