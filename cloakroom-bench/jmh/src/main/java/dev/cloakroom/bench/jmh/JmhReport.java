package dev.cloakroom.bench.jmh;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code java -cp benchmarks.jar dev.cloakroom.bench.jmh.JmhReport result.json [report.md]}: JMH's JSON result
 * (from {@code -rf json}) as a markdown table, each benchmark beside its baseline from the same run and the ratio
 * of the two (time per operation, so 1.50 means 50% slower than the baseline: the overhead we own). The baseline
 * of method {@code m} is {@code baselineM} of the same class with the same parameters, else {@code baseline}.
 * Allocation per operation appears when the run used {@code -prof gc}.
 */
public final class JmhReport {
    private JmhReport() {
    }

    record Result(String className, String method, String params, double score, double error, String unit,
            Optional<Double> bytesPerOp) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JmhReport result.json [report.md]");
            System.exit(2);
        }
        String report = render(Files.readString(Path.of(args[0])));
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), report);
        }
        System.out.print(report);
    }

    static String render(String json) {
        ObjectMapper mapper = JsonMapper.builder().build();
        Map<String, Result> results = new LinkedHashMap<>();
        for (JsonNode run : mapper.readTree(json)) {
            String benchmark = run.get("benchmark").asString();
            int dot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new TreeMap<>();
            JsonNode paramNode = run.get("params");
            if (paramNode != null) {
                paramNode.properties().forEach(e -> params.put(e.getKey(), e.getValue().asString()));
            }
            JsonNode primary = run.get("primaryMetric");
            Optional<Double> alloc = Optional.empty();
            JsonNode secondary = run.get("secondaryMetrics");
            if (secondary != null) {
                for (Map.Entry<String, JsonNode> metric : secondary.properties()) {
                    if (metric.getKey().endsWith("gc.alloc.rate.norm")) {
                        alloc = Optional.of(number(metric.getValue().get("score")));
                    }
                }
            }
            Result result = new Result(className, benchmark.substring(dot + 1), params.toString(),
                    number(primary.get("score")), number(primary.get("scoreError")),
                    primary.get("scoreUnit").asString(), alloc);
            results.put(key(className, result.method, result.params), result);
        }
        StringBuilder out = new StringBuilder("| benchmark | params | score | B/op | baseline | baseline score |"
                + " baseline B/op | ratio |\n|---|---|---:|---:|---|---:|---:|---:|\n");
        for (Result r : results.values()) {
            if (r.method.startsWith("baseline")) {
                continue;
            }
            Optional<Result> baseline = baselineOf(r, results);
            out.append(String.format(Locale.ROOT, "| %s.%s | %s | %s | %s | %s | %s | %s | %s |%n", r.className,
                    r.method, r.params.equals("{}") ? "" : r.params.substring(1, r.params.length() - 1), score(r),
                    bytes(r), baseline.map(Result::method).orElse("-"), baseline.map(JmhReport::score).orElse("-"),
                    baseline.map(JmhReport::bytes).orElse("-"), baseline.map(b -> String.format(Locale.ROOT,
                            "%.2f", r.score / b.score)).orElse("-")));
        }
        return out.toString();
    }

    /** A JMH figure: a number, or the text {@code "NaN"} where it has none (the error of a single iteration). */
    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.parseDouble(node.asString());
    }

    private static Optional<Result> baselineOf(Result r, Map<String, Result> results) {
        String named = "baseline" + Character.toUpperCase(r.method.charAt(0)) + r.method.substring(1);
        return Optional.ofNullable(results.get(key(r.className, named, r.params)))
                .or(() -> Optional.ofNullable(results.get(key(r.className, "baseline", r.params))));
    }

    private static String key(String className, String method, String params) {
        return className + "." + method + params;
    }

    private static String score(Result r) {
        return Double.isNaN(r.error)
                ? String.format(Locale.ROOT, "%.3f %s", r.score, r.unit)
                : String.format(Locale.ROOT, "%.3f ± %.3f %s", r.score, r.error, r.unit);
    }

    private static String bytes(Result r) {
        return r.bytesPerOp.map(b -> String.format(Locale.ROOT, "%.0f", b)).orElse("-");
    }
}
