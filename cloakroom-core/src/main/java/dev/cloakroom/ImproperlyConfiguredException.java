package dev.cloakroom;

/** A setting has a value Cloakroom cannot work with; the message names the setting. Raised at start-up. */
public class ImproperlyConfiguredException extends CloakroomException {
    private final String setting;
    private final String problem;

    public ImproperlyConfiguredException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The setting's name, e.g. {@code SESSION_COOKIE_SAMESITE}. */
    public String setting() {
        return setting;
    }

    /** What is wrong with it, without the setting's name. */
    public String problem() {
        return problem;
    }
}
