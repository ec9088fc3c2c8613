package dev.cloakroom.interop;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Probes once per run whether Django 3.2 and its database drivers import; see {@link RequiresDjango}. */
final class DjangoAvailableExtension implements ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(DjangoAvailableExtension.class);
    private static final String PROBE = "import django, psycopg2, MySQLdb; assert django.VERSION[:2] == (3, 2), "
            + "django.get_version()";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("probe", ignored -> probe(), String.class);
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("Django 3.2 answers under " + DjangoPeer.PYTHON);
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(missing + " (CI=true: a missing Django is a failure)");
        }
        return ConditionEvaluationResult.disabled(missing);
    }

    /** Empty when Django is usable, else why not. */
    private static String probe() {
        String advice = "; install Debian's python3-django python3-psycopg2 python3-mysqldb (.ci/run does)";
        try {
            Process process = new ProcessBuilder(DjangoPeer.PYTHON, "-c", PROBE).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "Django did not answer within 60 s" + advice;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                String[] lines = output.split("\n");
                return "Django 3.2 is not importable under " + DjangoPeer.PYTHON + " (" + lines[lines.length - 1]
                        + ")" + advice;
            }
            return "";
        } catch (IOException e) {
            return "no " + DjangoPeer.PYTHON + " (" + e.getMessage() + ")" + advice;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing Django";
        }
    }
}
