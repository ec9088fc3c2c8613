package dev.cloakroom.settings;

/** SESSION_COOKIE_SAMESITE: Django's 'Strict', 'Lax', 'None', or False to omit the attribute. */
public enum SameSite {
    /** Sent only on same-site requests, not even when following a link from another site. */
    STRICT("Strict"),
    /** Sent on same-site requests and top-level navigations from other sites; Django's default. */
    LAX("Lax"),
    /** Sent on cross-site requests too; browsers require Secure with it. */
    NONE("None"),
    /** Django's {@code False}: no SameSite attribute at all, leaving the browser's default. */
    OMIT(null);

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute value as Django spells it, or null when omitted. */
    public String attribute() {
        return attribute;
    }
}
