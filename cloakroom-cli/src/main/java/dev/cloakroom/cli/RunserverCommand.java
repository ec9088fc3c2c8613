package dev.cloakroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code cloakroom runserver}: reserved for the demo web application of the servlet issue. */
@Command(name = "runserver", mixinStandardHelpOptions = true,
        description = "Starts the demo web application (not available yet: it arrives with the servlet issue).")
final class RunserverCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8000", description = "The HTTP port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Override
    public Integer call() {
        throw new CommandFailedException("not available yet: the demo server arrives with the servlet issue");
    }
}
