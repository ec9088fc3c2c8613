package dev.cloakroom.bench.http.report;

import dev.cloakroom.bench.http.BenchArgs;
import dev.cloakroom.bench.http.report.RoundFigures.Summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns run.sh's raw figures into the markdown report: one table per scenario (req/s, p50/p99, server and store
 * CPU per request, ratios to the ceiling, to Jetty's sessions and to both Spring Session variants), pgbench's
 * rate, the write check (persisted/sent) and the targets judged met or not met from this run alone.
 *
 * <p>{@code --rounds rounds.tsv --persisted persisted.tsv --clk-tck N --connections C --threads T --duration S
 * --sessions N}
 */
public final class HttpReport {
    static final String CEILING = "none";
    static final String JETTY = "jetty";
    static final String SPRING_JDBC = "spring-jdbc";
    static final String SPRING_REDIS = "spring-redis";

    private final RoundFigures figures;
    private final List<String[]> persisted;
    private final BenchArgs options;
    private final StringBuilder out = new StringBuilder();

    private HttpReport(RoundFigures figures, List<String[]> persisted, BenchArgs options) {
        this.figures = figures;
        this.persisted = persisted;
        this.options = options;
    }

    public static void main(String[] args) throws IOException {
        BenchArgs options = new BenchArgs(args);
        RoundFigures figures = RoundFigures.read(Path.of(options.required("rounds")),
                Long.parseLong(options.required("clk-tck")));
        List<String[]> persisted = new ArrayList<>();
        Path persistedFile = Path.of(options.required("persisted"));
        if (Files.exists(persistedFile)) {
            List<String> lines = Files.readAllLines(persistedFile);
            lines.subList(1, lines.size()).forEach(line -> persisted.add(line.split("\t")));
        }
        System.out.print(new HttpReport(figures, persisted, options).render());
    }

    String render() {
        out.append("# HTTP load benchmark\n\n");
        out.append(String.format(Locale.ROOT, "wrk %s threads x %s connections, %s s per measurement, %s returning"
                        + " sessions; figures are medians over rounds (req/s range in brackets); CPU is per request,"
                        + " over all rounds.%n%n", options.required("threads"), options.required("connections"),
                options.required("duration"), options.required("sessions")));
        for (String scenario : figures.scenarios()) {
            if (!scenario.equals("pgbench")) {
                scenarioTable(scenario);
            }
        }
        figures.get("pgbench", "pgbench").ifPresent(p -> out.append(String.format(Locale.ROOT,
                "pgbench (one primary-key SELECT + one UPDATE per transaction, %d clients): %s tx/s [%s-%s],"
                        + " PostgreSQL CPU %s us/tx%n%n", Integer.parseInt(options.required("connections")),
                whole(p.medianRate()), whole(p.minRate()), whole(p.maxRate()), micros(p.storeCpuMicros()))));
        persistedTable();
        targets();
        return out.toString();
    }

    private void scenarioTable(String scenario) {
        out.append("## ").append(scenario).append("\n\n");
        out.append("| variant | req/s | p50 ms | p99 ms | server CPU us/req | store CPU us/req | errors |"
                + " x ceiling | x Jetty | x Spring JDBC | x Spring Redis |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Summary s : figures.inScenario(scenario)) {
            out.append(String.format(Locale.ROOT, "| %s | %s [%s-%s] | %s | %s | %s | %s | %d | %s | %s | %s | %s |%n",
                    s.variant(), whole(s.medianRate()), whole(s.minRate()), whole(s.maxRate()), millis(s.p50Millis()),
                    millis(s.p99Millis()), micros(s.serverCpuMicros()), micros(s.storeCpuMicros()), s.errors(),
                    ratio(s, CEILING), ratio(s, JETTY), ratio(s, SPRING_JDBC), ratio(s, SPRING_REDIS)));
        }
        out.append('\n');
    }

    private String ratio(Summary s, String baseline) {
        return rate(s.scenario(), baseline).filter(b -> b > 0)
                .map(b -> String.format(Locale.ROOT, "%.2f", s.medianRate() / b)).orElse("-");
    }

    /**
     * Each returning /count that wrk saw succeed added one to a seeded session (each seeded holding 1). Requests
     * in flight when wrk stops each measurement may be stored without being counted as sent (at most one per
     * connection per measurement), and two requests on one session at once may keep only one increment where a
     * store lets the last write win, so equality holds within that tolerance.
     */
    private void persistedTable() {
        out.append("## Writes persisted (returning /count)\n\n");
        out.append("| variant | how read | persisted | sent | persisted/sent | tolerance | sessions missing | check |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        int connections = Integer.parseInt(options.required("connections"));
        for (String[] row : persisted) {
            String variant = row[0];
            Optional<Summary> counted = figures.get("returning-count", variant);
            if (row[4].equals("none") || counted.isEmpty()) {
                out.append("| ").append(variant).append(" | ").append(row[4].equals("none")
                        ? "n/a: no server-side store" : "n/a: returning-count not measured").append(" | | | | | | |\n");
                continue;
            }
            if (row[1].equals("-")) {
                out.append("| ").append(variant).append(" | ").append(row[4]).append(" | read failed | | | | | not met |\n");
                continue;
            }
            long persistedWrites = Long.parseLong(row[1]) - Long.parseLong(row[3]);
            long sent = counted.get().ok();
            long tolerance = (long) connections * counted.get().rounds() + sent / 100;
            boolean ok = Math.abs(persistedWrites - sent) <= tolerance && row[2].equals("0");
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.4f | %d | %s | %s |%n", variant,
                    row[4].equals("store") ? "store of record, separate process" : "over HTTP (in-process store)",
                    persistedWrites, sent, sent == 0 ? 0.0 : (double) persistedWrites / sent, tolerance, row[2],
                    ok ? "met" : "not met"));
        }
        out.append('\n');
    }

    private void targets() {
        out.append("## Targets (from this run's own figures)\n\n");
        out.append("| target | figures | verdict |\n|---|---|---|\n");
        atLeast("db-postgresql >= 3x Spring Session JDBC, returning /count", "returning-count", "db-postgresql",
                SPRING_JDBC, 3.0);
        atLeast("db-postgresql >= 5x Spring Session JDBC, returning /read", "returning-read", "db-postgresql",
                SPRING_JDBC, 5.0);
        Optional<Double> pgbench = rate("pgbench", "pgbench");
        Optional<Double> db = rate("returning-count", "db-postgresql");
        verdict("db-postgresql returning /count >= 0.5x pgbench SELECT + UPDATE",
                db.isPresent() && pgbench.isPresent() ? String.format(Locale.ROOT, "%s req/s vs %s tx/s = %.2fx",
                        whole(db.get()), whole(pgbench.get()), db.get() / pgbench.get()) : null,
                db.isPresent() && pgbench.isPresent() ? db.get() >= 0.5 * pgbench.get() : null);
        for (String scenario : List.of("returning-count", "returning-read")) {
            atLeast("cache-redis >= 2x Spring Session Redis, " + scenario, scenario, "cache-redis", SPRING_REDIS, 2.0);
        }
        for (String variant : List.of("cache-local", "signed-cookies")) {
            atLeast(variant + " >= 0.9x Jetty's sessions, returning /count", "returning-count", variant, JETTY, 0.9);
            cpuWithin(variant + " server CPU/request <= 1.3x Jetty's, returning /count", "returning-count", variant,
                    JETTY, 1.3);
        }
        atLeast("new visitors: db-postgresql >= 2x Spring Session JDBC, /count", "new-count", "db-postgresql",
                SPRING_JDBC, 2.0);
        atLeast("new visitors: cache-redis >= 2x Spring Session Redis, /count", "new-count", "cache-redis",
                SPRING_REDIS, 2.0);
        for (String scenario : figures.scenarios()) {
            if (!scenario.equals("pgbench")) {
                p99NoWorse(scenario, "db-postgresql", SPRING_JDBC);
                p99NoWorse(scenario, "cache-redis", SPRING_REDIS);
            }
        }
        for (String scenario : figures.scenarios()) {
            Optional<Summary> sqlite = figures.get(scenario, "db-sqlite");
            if (sqlite.isPresent() && sqlite.get().p99Millis().isPresent()) {
                double p99 = sqlite.get().p99Millis().getAsDouble();
                verdict("db-sqlite p99 <= 50 ms at " + options.required("connections") + " connections, " + scenario,
                        String.format(Locale.ROOT, "p99 %.1f ms", p99), p99 <= 50.0);
            }
        }
        out.append('\n');
    }

    private void atLeast(String target, String scenario, String variant, String baseline, double factor) {
        Optional<Double> ours = rate(scenario, variant);
        Optional<Double> theirs = rate(scenario, baseline);
        boolean measured = ours.isPresent() && theirs.isPresent() && theirs.get() > 0;
        verdict(target, measured ? String.format(Locale.ROOT, "%s vs %s req/s = %.2fx", whole(ours.get()),
                whole(theirs.get()), ours.get() / theirs.get()) : null,
                measured ? ours.get() >= factor * theirs.get() : null);
    }

    private void cpuWithin(String target, String scenario, String variant, String baseline, double factor) {
        OptionalDouble ours = figures.get(scenario, variant).map(Summary::serverCpuMicros).orElse(OptionalDouble.empty());
        OptionalDouble theirs = figures.get(scenario, baseline).map(Summary::serverCpuMicros)
                .orElse(OptionalDouble.empty());
        boolean measured = ours.isPresent() && theirs.isPresent() && theirs.getAsDouble() > 0;
        verdict(target, measured ? String.format(Locale.ROOT, "%.1f vs %.1f us = %.2fx", ours.getAsDouble(),
                theirs.getAsDouble(), ours.getAsDouble() / theirs.getAsDouble()) : null,
                measured ? ours.getAsDouble() <= factor * theirs.getAsDouble() : null);
    }

    private void p99NoWorse(String scenario, String variant, String baseline) {
        OptionalDouble ours = figures.get(scenario, variant).map(Summary::p99Millis).orElse(OptionalDouble.empty());
        OptionalDouble theirs = figures.get(scenario, baseline).map(Summary::p99Millis).orElse(OptionalDouble.empty());
        boolean measured = ours.isPresent() && theirs.isPresent();
        verdict("p99 of " + variant + " no worse than " + baseline + ", " + scenario,
                measured ? String.format(Locale.ROOT, "%.1f vs %.1f ms", ours.getAsDouble(), theirs.getAsDouble()) : null,
                measured ? ours.getAsDouble() <= theirs.getAsDouble() : null);
    }

    /** One line of the targets table; null figures mean a side of the comparison was not measured. */
    private void verdict(String target, String figuresText, Boolean met) {
        out.append("| ").append(target).append(" | ").append(figuresText == null ? "-" : figuresText).append(" | ")
                .append(met == null ? "not measured" : met ? "met" : "NOT MET").append(" |\n");
    }

    private Optional<Double> rate(String scenario, String variant) {
        return figures.get(scenario, variant).map(Summary::medianRate);
    }

    private static String whole(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    private static String millis(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : "-";
    }

    private static String micros(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f", value.getAsDouble()) : "-";
    }
}
