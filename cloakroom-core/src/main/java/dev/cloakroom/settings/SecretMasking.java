package dev.cloakroom.settings;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Hides secrets in settings shown to people ({@link SessionSettings#describe()}): whole values of settings whose
 * names say they are secret, and passwords inside connection URLs such as DATABASE_URL.
 */
final class SecretMasking {
    static final String HIDDEN = "<hidden>";

    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|(^|_)KEY($|_)");
    /** {@code scheme://user:password@host}: the password part. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/?#@:]*:)[^/?#@]*@");
    /** {@code ?password=...} or {@code ;password=...} in JDBC-style URLs. */
    private static final Pattern PARAM_PASSWORD = Pattern.compile("(?i)([?&;](?:password|pwd)=)[^&;]*");

    private SecretMasking() {
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).find();
    }

    /** The value to show for raw setting {@code name}. */
    static String mask(String name, String value) {
        if (isSecretName(name)) {
            return HIDDEN;
        }
        String masked = URL_PASSWORD.matcher(value).replaceAll("$1" + HIDDEN + "@");
        return PARAM_PASSWORD.matcher(masked).replaceAll("$1" + HIDDEN);
    }
}
