package dev.cloakroom.cli;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.settings.SessionSettings;
import picocli.CommandLine.Option;

import java.time.Clock;

/** --format FORMAT, shared by encode and decode: which of Django's signed strings they handle. */
final class FormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "session",
            converter = DataFormat.Converter.class, completionCandidates = DataFormat.Candidates.class,
            description = "session (default) or signed-cookie.")
    DataFormat format;

    /** The codec that signs and verifies strings of this format. */
    SessionCodec codec(SessionSettings settings, Clock clock) {
        return SessionCodec.fromSettings(settings, format.salt(), clock);
    }
}
