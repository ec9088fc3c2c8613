package dev.cloakroom.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** runserver starts the demo on the configured settings, prints its address and serves until stopped. */
class RunserverCommandTest {
    private static final Pattern ADDRESS = Pattern.compile("Cloakroom demo running at (http://\\S+/)");

    @Test
    void startsTheDemoAndPrintsItsAddress(@TempDir Path dir) throws Exception {
        AddressWatcher out = new AddressWatcher();
        CliEnvironment environment = new CliEnvironment(
                Map.of("SECRET_KEY", "runserver-test-key", "DATABASE_URL", "jdbc:sqlite:" + dir.resolve("db.sqlite3")),
                new Properties(), new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), Clock.systemUTC());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> running = executor.submit(
                    () -> CloakroomCommand.execute(environment, "runserver", "--port", "0"));
            URI address = out.address.get(30, TimeUnit.SECONDS);
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> count = client.send(HttpRequest.newBuilder(address.resolve("/count")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(count.body()).isEqualTo("1");
            assertThat(count.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                    cookie -> assertThat(cookie).startsWith("sessionid="));
            assertThat(out.toString()).contains("Created table django_session");
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(20, TimeUnit.SECONDS)).as("runserver stops when interrupted").isTrue();
        }
    }

    @Test
    void portOutsideTheTcpRangeIsAUsageError() {
        for (String port : new String[] {"99999", "65536", "-1", "abc"}) {
            Cli.Result result = Cli.withEnvironment(Map.of("SECRET_KEY", "runserver-test-key")).run("runserver", "--port", port);
            assertThat(result.exitCode()).as(port).isEqualTo(2);
            assertThat(result.errLines()).as(port).isOne();
            assertThat(result.err()).as(port).contains("cloakroom runserver", "--port");
            assertThat(result.out()).as(port).isEmpty();
        }
    }

    /** Captures the output and completes {@link #address} as soon as the address line appears. */
    private static final class AddressWatcher extends StringWriter {
        final CompletableFuture<URI> address = new CompletableFuture<>();

        @Override
        public void flush() {
            Matcher matcher = ADDRESS.matcher(toString());
            if (matcher.find()) {
                address.complete(URI.create(matcher.group(1)));
            }
        }
    }
}
