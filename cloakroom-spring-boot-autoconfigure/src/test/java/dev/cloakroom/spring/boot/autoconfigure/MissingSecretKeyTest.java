package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.settings.SettingsLoader;
import dev.cloakroom.spring.boot.autoconfigure.support.BootApp;
import dev.cloakroom.spring.boot.autoconfigure.testapp.CounterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without SECRET_KEY the application does not start, and Boot's failure report says what to set. */
class MissingSecretKeyTest {
    @TempDir
    Path directory;

    @Test
    void startUpFailsWithOneReportNamingThePropertyAndTheDjangoName() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // Boot reports the failure through the console logger, which writes to whatever System.out is now.
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> BootApp.startWithoutSecretKey(isolated(),
                    "cloakroom.database-url=jdbc:sqlite:" + directory.resolve("sessions.sqlite3")))
                    .hasRootCauseInstanceOf(ImproperlyConfiguredException.class)
                    .rootCause().hasMessageStartingWith("SECRET_KEY: must not be empty");
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);

        assertThat(count(output, "APPLICATION FAILED TO START")).isEqualTo(1);
        assertThat(count(output, " ERROR ")).as("no other error is logged on the way").isEqualTo(1);
        String report = output.substring(output.indexOf("APPLICATION FAILED TO START"));
        assertThat(report)
                .contains("Cloakroom's setting SECRET_KEY (Spring property cloakroom.secret-key): must not be empty")
                .contains("Set or correct the Spring property cloakroom.secret-key")
                .contains("environment variable CLOAKROOM_SECRET_KEY")
                .contains("or the setting SECRET_KEY as an environment variable");
    }

    /** The application, with no SECRET_KEY from this process's environment or a settings file either. */
    SpringApplicationBuilder isolated() {
        SettingsLoader nothing = new SettingsLoader(Map.of(), Map.of(), directory);
        return new SpringApplicationBuilder(CounterApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("settingsLoader", nothing));
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
