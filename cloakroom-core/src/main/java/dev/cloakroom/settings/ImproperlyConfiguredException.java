package dev.cloakroom.settings;

/** A setting has a value Cloakroom cannot work with; the message names the setting. Raised at start-up. */
public class ImproperlyConfiguredException extends RuntimeException {
    private final String setting;

    public ImproperlyConfiguredException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
    }

    /** The setting's name, e.g. {@code SESSION_COOKIE_SAMESITE}. */
    public String setting() {
        return setting;
    }
}
