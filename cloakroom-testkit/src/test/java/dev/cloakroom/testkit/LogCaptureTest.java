package dev.cloakroom.testkit;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without a binding it can read, LogCapture skips a test on a laptop and fails it in CI. */
class LogCaptureTest {

    @Test
    void anUnreadableBindingFailsInCi() {
        assertThatThrownBy(() -> LogCapture.start("org.example.OtherLoggerFactory", "true"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CI=true");
    }

    @Test
    void anUnreadableBindingSkipsOutsideCi() {
        assertThatThrownBy(() -> LogCapture.start("org.example.OtherLoggerFactory", null))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("org.example.OtherLoggerFactory");
    }
}
