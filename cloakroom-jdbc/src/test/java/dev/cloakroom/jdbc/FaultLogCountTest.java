package dev.cloakroom.jdbc;

import dev.cloakroom.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault tests bound Cloakroom's log lines, not those of the pool it uses. */
class FaultLogCountTest {
    @Test
    void onlyCloakroomsWarningsAndErrorsAreCounted() {
        try (LogCapture log = LogCapture.start()) {
            LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool")
                    .warn("cloakroom-db - Thread starvation or clock leap detected (housekeeper delta=1m).");
            LoggerFactory.getLogger("dev.cloakroom.jdbc.pool.OutageBreaker").warn("Session database is unavailable");
            LoggerFactory.getLogger("dev.cloakroom.jdbc.pool.OutageBreaker").info("not a warning");
            assertThat(DatabaseFaultContract.warningAndErrorLines(log)).isEqualTo(1);
        }
    }
}
