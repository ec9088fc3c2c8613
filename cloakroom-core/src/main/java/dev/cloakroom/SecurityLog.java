package dev.cloakroom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security channel: Cloakroom's counterpart of Django's {@code django.security.SuspiciousSession}
 * logger. Tampered or undecodable session data and hostile session keys are reported here at WARNING, so
 * operators can route these lines to their security monitoring apart from application logs.
 */
public final class SecurityLog {
    /** Logger name; stable, so logging configurations can rely on it. */
    public static final String SUSPICIOUS_SESSION = "cloakroom.security.SuspiciousSession";

    private static final Logger LOGGER = LoggerFactory.getLogger(SUSPICIOUS_SESSION);

    private SecurityLog() {
    }

    public static Logger suspiciousSession() {
        return LOGGER;
    }
}
