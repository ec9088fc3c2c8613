package dev.cloakroom.bench.http.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures run.sh wrote, one line per (round, scenario, variant) measurement, folded into one
 * {@link Summary} per (scenario, variant): the median of the rounds' rates and percentiles (rounds are short and
 * the machine noisy, so the median resists an outlier round) and CPU per request over all rounds together.
 */
final class RoundFigures {
    /** One variant in one scenario, over every round. */
    record Summary(String scenario, String variant, int rounds, long requests, long ok, long errors,
            double medianRate, double minRate, double maxRate, OptionalDouble p50Millis, OptionalDouble p99Millis,
            OptionalDouble serverCpuMicros, OptionalDouble storeCpuMicros) {
    }

    private record Row(String scenario, String variant, long requests, long ok, long errors, long durationMicros,
            String p50, String p99, String serverTicks, long storeTicks) {
    }

    private final Map<String, Summary> summaries = new LinkedHashMap<>();

    private RoundFigures() {
    }

    static RoundFigures read(Path tsv, long clockTicksPerSecond) throws IOException {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            Row row = new Row(f[1], f[2], Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6]), f[7], f[8], f[9], Long.parseLong(f[10]));
            rows.computeIfAbsent(key(row.scenario, row.variant), k -> new ArrayList<>()).add(row);
        }
        RoundFigures figures = new RoundFigures();
        rows.forEach((key, list) -> figures.summaries.put(key, summarise(list, clockTicksPerSecond)));
        return figures;
    }

    private static Summary summarise(List<Row> rows, long clockTicksPerSecond) {
        List<Double> rates = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        long requests = 0;
        long ok = 0;
        long errors = 0;
        long serverTicks = 0;
        long storeTicks = 0;
        boolean hasServer = false;
        for (Row row : rows) {
            rates.add(row.ok * 1e6 / row.durationMicros);
            requests += row.requests;
            ok += row.ok;
            errors += row.errors;
            storeTicks += row.storeTicks;
            if (!row.p50.equals("-")) {
                p50.add(Long.parseLong(row.p50) / 1000.0);
                p99.add(Long.parseLong(row.p99) / 1000.0);
            }
            if (!row.serverTicks.equals("-")) {
                hasServer = true;
                serverTicks += Long.parseLong(row.serverTicks);
            }
        }
        Row first = rows.get(0);
        double microsPerTick = 1e6 / clockTicksPerSecond;
        OptionalDouble serverCpu = hasServer && requests > 0
                ? OptionalDouble.of(serverTicks * microsPerTick / requests) : OptionalDouble.empty();
        OptionalDouble storeCpu = Stores.isLocalProcess(first.variant) && requests > 0
                ? OptionalDouble.of(storeTicks * microsPerTick / requests) : OptionalDouble.empty();
        return new Summary(first.scenario, first.variant, rows.size(), requests, ok, errors, median(rates),
                rates.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                rates.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                p50.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(p50)),
                p99.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(p99)), serverCpu, storeCpu);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String key(String scenario, String variant) {
        return scenario + "\u0000" + variant;
    }

    java.util.Optional<Summary> get(String scenario, String variant) {
        return java.util.Optional.ofNullable(summaries.get(key(scenario, variant)));
    }

    /** The scenario's summaries, the reference variants first and the rest in run.sh's order. */
    List<Summary> inScenario(String scenario) {
        return summaries.values().stream().filter(s -> s.scenario.equals(scenario))
                .sorted(java.util.Comparator.comparingInt(s -> order(s.variant()))).toList();
    }

    private static int order(String variant) {
        int known = ORDER.indexOf(variant);
        return known >= 0 ? known : ORDER.size();
    }

    private static final List<String> ORDER = List.of("none", "jetty", "spring-jdbc", "spring-redis", "db-sqlite",
            "db-postgresql", "db-mariadb", "cache-local", "cache-redis", "cache-memcached", "cached-db", "file",
            "signed-cookies");

    List<String> scenarios() {
        return summaries.values().stream().map(Summary::scenario).distinct().toList();
    }
}
