package dev.cloakroom.cli;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.SessionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code cloakroom decode}: Django's signed session string in, the JSON object it holds out. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Verifies a session_data string (or with --format signed-cookie a signed_cookies cookie "
                + "value) against SECRET_KEY and SECRET_KEY_FALLBACKS and prints the JSON object it holds.",
                "Output is one line of JSON as Django's JSONSerializer writes it (compact, non-ASCII escaped); "
                        + "--pretty indents it for reading (and leaves non-ASCII unescaped).",
                "Tampered, foreign or expired data: exit 1."})
final class DecodeCommand implements Callable<Integer> {
    @ParentCommand
    private CloakroomCommand root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private SettingsOption settingsOption;

    @Mixin
    private FormatOption formatOption;

    @Option(names = "--max-age", paramLabel = "SECONDS",
            description = "Reject data signed longer ago than this. Default: none for session data (Django "
                    + "ignores its timestamp), SESSION_COOKIE_AGE for signed cookies.")
    private Long maxAgeSeconds;

    @Option(names = "--pretty", description = "Indent the JSON.")
    private boolean pretty;

    @Parameters(arity = "0..1", paramLabel = "DATA",
            description = "The signed string; read from stdin when absent.")
    private String data;

    @Override
    public Integer call() {
        if (maxAgeSeconds != null && maxAgeSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--max-age must not be negative: " + maxAgeSeconds);
        }
        CliEnvironment environment = root.environment();
        String signed = (data != null ? data : Streams.readAll(environment.stdin())).trim();
        if (signed.isEmpty()) {
            throw new CommandFailedException("no data: pass DATA as an argument or on stdin");
        }
        SessionSettings settings = root.settings(settingsOption.file);
        SessionCodec codec = formatOption.codec(settings, environment.clock());
        Duration maxAge = maxAgeSeconds != null ? Duration.ofSeconds(maxAgeSeconds)
                : formatOption.format.defaultMaxAge(settings);
        Optional<Map<String, Object>> decoded = codec.tryDecode(signed, maxAge);
        if (decoded.isEmpty()) {
            throw new CommandFailedException(whyNot(codec, signed, maxAge));
        }
        Map<String, Object> object = decoded.get();
        environment.out().println(pretty ? JsonObjects.pretty(object) : JsonObjects.compact(object));
        return 0;
    }

    /**
     * Tells an expired signature from a bad one: tryDecode reports both as empty, so a second try without
     * the age limit decides. Both messages start with "bad signature", as Django's SignatureExpired is a
     * BadSignature.
     */
    private String whyNot(SessionCodec codec, String signed, Duration maxAge) {
        if (maxAge != null && codec.tryDecode(signed, null).isPresent()) {
            String limit = maxAgeSeconds != null ? "--max-age" : "SESSION_COOKIE_AGE";
            return "bad signature: signature expired (signed more than " + maxAge.getSeconds()
                    + " seconds ago; the limit is " + limit + ")";
        }
        return "bad signature: the data was tampered with, is not " + formatOption.format
                + " data, or was signed with another SECRET_KEY";
    }
}
