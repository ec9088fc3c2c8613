package dev.cloakroom.interop;

import tools.jackson.databind.JsonNode;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One real Django process (the {@code peer.py} script under Debian's {@code /usr/bin/python3}), configured once
 * with {@link DjangoConfig} and then asked to do one session operation per call, over JSON lines. Django's
 * answers are parsed as Cloakroom reads JSON: integers as {@code Long} (or {@code BigInteger} when larger),
 * floats as {@code Double}.
 */
final class DjangoPeer implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** How long one operation may take before the Django process is taken for hung and killed. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final String END_OF_OUTPUT = "\u0000 end of output";

    private final Process process;
    private final BufferedWriter in;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    private DjangoPeer(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> drain(process.getErrorStream()), "django-peer-stderr");
        drain.setDaemon(true);
        drain.start();
        Thread reader = new Thread(this::readAnswers, "django-peer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts Django with {@code config}; the process's TZ is the config's TIME_ZONE, as Django's own settings set it. */
    static DjangoPeer start(DjangoConfig config) {
        try {
            ProcessBuilder builder = new ProcessBuilder(PYTHON, script().toString());
            builder.environment().put("TZ", config.timeZone());
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            DjangoPeer peer = new DjangoPeer(builder.start());
            try {
                JsonNode ready = peer.send(config.toJson());
                if (!ready.path("ready").asBoolean()) {
                    throw new IllegalStateException("Django did not start: " + ready + " " + peer.errors);
                }
                return peer;
            } catch (RuntimeException | Error e) {
                peer.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + PYTHON, e);
        }
    }

    /** Runs one operation ({@code op} and its arguments); fails the test with Django's error when it raised. */
    JsonNode call(String op, Object... keysAndValues) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", op);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            request.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        JsonNode answer = send(JSON.valueToTree(request));
        if (answer.has("error")) {
            throw new AssertionError("Django " + op + " failed: " + answer.get("error").asString());
        }
        return answer;
    }

    /** The session's data as Django loaded it, as Java values. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> data(JsonNode loaded) {
        return (Map<String, Object>) asCloakroomReadsIt(JSON.convertValue(loaded.get("data"), Object.class));
    }

    /** Jackson's Integer as Long, as Cloakroom's reader gives every integer that fits in 64 bits. */
    private static Object asCloakroomReadsIt(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, asCloakroomReadsIt(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(asCloakroomReadsIt(v)));
            return copy;
        }
        return value;
    }

    private JsonNode send(JsonNode request) {
        String line;
        try {
            in.write(JSON.writeValueAsString(request));
            in.newLine();
            in.flush();
            line = answers.poll(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("talking to Django: " + String.join("\n", errors), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Django", e);
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Django gave no answer within " + ANSWER_TIMEOUT.toSeconds()
                    + " s to " + request + "; killed it. Its stderr: " + String.join("\n", errors));
        }
        if (line.equals(END_OF_OUTPUT)) {
            waitForExit();
            throw new IllegalStateException("Django exited (" + (process.isAlive() ? "still running" : process.exitValue())
                    + "): " + String.join("\n", errors));
        }
        return JSON.readTree(line);
    }

    /** Feeds Django's answer lines to {@link #send}; a marker tells it when the process closed its output. */
    private void readAnswers() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                answers.add(line);
            }
        } catch (IOException ignored) {
            // the process is gone
        }
        answers.add(END_OF_OUTPUT);
    }

    private void waitForExit() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                errors.add(line);
            }
        } catch (IOException ignored) {
            // the process is gone; what it printed so far is kept
        }
    }

    private static Path script() throws IOException {
        Path script = Files.createTempFile("cloakroom-django-peer", ".py");
        script.toFile().deleteOnExit();
        try (InputStream resource = DjangoPeer.class.getResourceAsStream("/django/peer.py")) {
            Files.write(script, resource.readAllBytes());
        }
        return script;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing stdin only asks the script to end
        }
        waitForExit();
        process.destroyForcibly();
    }

    /** A JSON object node, for building configurations. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
