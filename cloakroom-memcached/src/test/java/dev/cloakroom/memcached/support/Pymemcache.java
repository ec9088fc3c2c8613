package dev.cloakroom.memcached.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Django 3.2's {@code PyMemcacheCache} and pymemcache, asked through {@code pymemcache_placement.py} beside this
 * module's test classes: what pymemcache's MurmurHash3 gives for a text, and on which server the client Django
 * builds from a {@code LOCATION} puts a key. Also the condition behind {@link RequiresPymemcache}, probed once per
 * run.
 */
public final class Pymemcache implements ExecutionCondition {
    public static final String PYTHON = "/usr/bin/python3";
    private static final String PROBE = "import django, pymemcache; assert django.VERSION[:2] == (3, 2), "
            + "django.get_version()";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Pymemcache.class);

    /** One text to hash and the seed to hash it with (0 to 2^32 - 1). */
    public record HashInput(String text, long seed) {
    }

    /** What the script answered. */
    public record Answer(List<Long> hashes, List<List<String>> placements) {
    }

    /**
     * pymemcache's {@code murmur3_32} of each input, and for each of {@code locations} (as a Django settings
     * file writes {@code LOCATION}) the name of the server its client puts each of {@code keys} on.
     */
    public static Answer ask(List<HashInput> hash, List<String> locations, List<String> keys) {
        List<List<Object>> hashRequest = new ArrayList<>();
        for (HashInput input : hash) {
            hashRequest.add(List.of(input.text(), input.seed()));
        }
        byte[] request = JSON.writeValueAsBytes(Map.of("hash", hashRequest, "locations", locations, "keys", keys));
        JsonNode answer = JSON.readTree(run(request));
        List<Long> hashes = new ArrayList<>();
        answer.get("hash").forEach(value -> hashes.add(value.asLong()));
        List<List<String>> placements = new ArrayList<>();
        answer.get("placements").forEach(row -> {
            List<String> names = new ArrayList<>();
            row.forEach(name -> names.add(name.asString()));
            placements.add(names);
        });
        return new Answer(hashes, placements);
    }

    private static byte[] run(byte[] request) {
        try {
            Path script = Files.createTempFile("cloakroom-pymemcache-placement", ".py");
            try {
                try (InputStream resource = Pymemcache.class.getResourceAsStream(
                        "/dev/cloakroom/memcached/pymemcache_placement.py")) {
                    Files.write(script, resource.readAllBytes());
                }
                ProcessBuilder builder = new ProcessBuilder(PYTHON, script.toString());
                builder.environment().put("PYTHONIOENCODING", "utf-8");
                builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
                Process process = builder.start();
                CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
                CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
                process.getOutputStream().write(request);
                process.getOutputStream().close();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("pymemcache_placement.py did not answer within 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("pymemcache_placement.py exited with " + process.exitValue() + ": "
                            + new String(errors.join(), StandardCharsets.UTF_8));
                }
                return output.join();
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking pymemcache", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("probe", ignored -> probe(), String.class);
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("Django 3.2 and pymemcache answer under " + PYTHON);
        }
        return MemcachedBinary.skipOrFail(missing);
    }

    /** Empty when Django 3.2 and pymemcache import, else why not. */
    private static String probe() {
        String advice = "; install Debian's python3-django and python3-pymemcache";
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", PROBE).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "Python did not answer within 60 s" + advice;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                String[] lines = output.split("\n");
                return "Django 3.2 with pymemcache is not importable under " + PYTHON + " ("
                        + lines[lines.length - 1] + ")" + advice;
            }
            return "";
        } catch (IOException e) {
            return "no " + PYTHON + " (" + e.getMessage() + ")" + advice;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing Python";
        }
    }
}
