package dev.cloakroom.testsupport;

import dev.cloakroom.SecurityLog;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The capture the security-log assertions rely on must see real lines and only those of the security logger. */
class SecurityLogCaptureTest {
    @Test
    void capturesWarningsOfTheSecurityLoggerOnly() {
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            SecurityLog.suspiciousSession().warn("first {}", 1);
            SecurityLog.suspiciousSession().info("an info line");
            LoggerFactory.getLogger("some.other.logger").warn("not security");
            SecurityLog.suspiciousSession().warn("second");

            assertThat(log.warnings()).containsExactly("first 1", "second");
            assertThat(log.entries()).extracting(SecurityLogCapture.Entry::level)
                    .containsExactly("WARN", "INFO", "WARN");
        }
    }

    @Test
    void seesNothingBeforeStartAndRestoresTheStream() {
        SecurityLog.suspiciousSession().warn("before the capture");
        java.io.PrintStream before = System.err;
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            assertThat(log.warnings()).isEmpty();
        }
        assertThat(System.err).isSameAs(before);
    }
}
