package dev.cloakroom.spring.boot.autoconfigure;

import dev.cloakroom.session.SessionEngine;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.util.Objects;

/**
 * UP when the session store answers a lookup of a key no session has (a database query, a cache read; the
 * signed_cookies engine keeps nothing on the server and is always UP), DOWN with the failure otherwise. The
 * details name the engine. A lookup changes nothing, so the check is safe to run often.
 */
public final class CloakroomHealthIndicator extends AbstractHealthIndicator {
    /** Well-formed (so the store is really asked) and never generated: generated keys are 32 characters. */
    static final String PROBE_KEY = "healthcheckxxxxxxxx";

    private final SessionEngine engine;

    public CloakroomHealthIndicator(SessionEngine engine) {
        super("Cloakroom session store health check failed");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("engine", engine.name());
        engine.open(null).exists(PROBE_KEY);
        builder.up();
    }
}
