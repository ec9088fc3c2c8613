/** The commands behind {@code bin/cloakroom} (picocli): an application, not an API. */
module dev.cloakroom.cli {
    requires dev.cloakroom.core;
    requires dev.cloakroom.jdbc;
    requires dev.cloakroom.demo;
    requires tools.jackson.databind;
    requires info.picocli;

    // picocli reads and sets the commands' options reflectively.
    opens dev.cloakroom.cli to info.picocli;
}
