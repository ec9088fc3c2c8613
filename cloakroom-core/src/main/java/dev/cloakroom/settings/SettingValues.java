package dev.cloakroom.settings;

import dev.cloakroom.ImproperlyConfiguredException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the text of a setting (from a properties file, the environment, a command line) into its value, accepting
 * the spellings a Django settings module would use. Every failure names the setting.
 */
final class SettingValues {
    static final List<String> ENGINES = List.of("db", "file", "cache", "cached_db", "signed_cookies");
    private static final String DJANGO_BACKENDS = "django.contrib.sessions.backends.";

    private static final Set<String> TRUE = Set.of("true", "1", "yes");
    private static final Set<String> FALSE = Set.of("false", "0", "no");

    private static final Map<String, SerializerChoice> SERIALIZERS = Map.of(
            "json", SerializerChoice.JSON,
            "django.contrib.sessions.serializers.JSONSerializer", SerializerChoice.JSON,
            "django.core.signing.JSONSerializer", SerializerChoice.JSON,
            "java", SerializerChoice.JAVA,
            "dev.cloakroom.codec.JavaSerializer", SerializerChoice.JAVA);

    /** A day: far beyond any sensible breaker interval, and no overflow in milliseconds. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(86_400);

    private SettingValues() {
    }

    /** Python's {@code None} for a setting that may be unset; an empty value means the same. */
    static boolean isNone(String text) {
        return text.isEmpty() || text.equals("None");
    }

    /** true/false in any case (so Python's True/False), 1/0, yes/no. */
    static boolean parseBoolean(String setting, String text) {
        String word = text.trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(word)) {
            return true;
        }
        if (FALSE.contains(word)) {
            return false;
        }
        throw new ImproperlyConfiguredException(setting,
                "expected True or False (also true/false, 1/0, yes/no), got '" + text + "'");
    }

    static long parseLong(String setting, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ImproperlyConfiguredException(setting, "expected a whole number, got '" + text + "'");
        }
    }

    /** A whole number, or None (or nothing) for 0: the limits' spelling of "no limit". */
    static long parseLongOrNone(String setting, String text) {
        return isNone(text.trim()) ? 0 : parseLong(setting, text);
    }

    /** A whole number from 0 that fits an int. */
    static int parseCount(String setting, String text) {
        long value = parseLong(setting, text);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new ImproperlyConfiguredException(setting, "expected a whole number from 0, got '" + text + "'");
        }
        return (int) value;
    }

    /** Positive seconds, whole or decimal as Django's timeouts are ({@code 1}, {@code 0.25}), to the millisecond. */
    static Duration parseSeconds(String setting, String text) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new ImproperlyConfiguredException(setting, "expected seconds such as 1 or 0.5, got '" + text + "'");
        }
        if (seconds.signum() <= 0 || seconds.compareTo(MAX_SECONDS) > 0
                || seconds.movePointRight(3).setScale(0, RoundingMode.UP).signum() <= 0) {
            throw new ImproperlyConfiguredException(setting,
                    "expected a positive number of seconds, at most " + MAX_SECONDS + ", got '" + text + "'");
        }
        return Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.UP).longValueExact());
    }

    /** Seconds as {@link #parseSeconds} reads them. */
    static String formatSeconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** 'Strict', 'Lax', 'None' in any case, or False to leave the attribute out, as Django allows. */
    static SameSite parseSameSite(String setting, String text) {
        String word = text.trim().toLowerCase(Locale.ROOT);
        switch (word) {
            case "strict":
                return SameSite.STRICT;
            case "lax":
                return SameSite.LAX;
            case "none":
                return SameSite.NONE;
            case "false":
                return SameSite.OMIT;
            default:
                throw new ImproperlyConfiguredException(setting,
                        "expected Strict, Lax, None or False, got '" + text + "'");
        }
    }

    /**
     * The engine's short name, Django's dotted module name mapped to it, or (when it contains a dot and is not
     * in Django's namespace) a class name left for the engine factory to load.
     */
    static String normaliseEngine(String setting, String text) {
        String name = text.trim();
        if (ENGINES.contains(name)) {
            return name;
        }
        if (name.startsWith(DJANGO_BACKENDS) && ENGINES.contains(name.substring(DJANGO_BACKENDS.length()))) {
            return name.substring(DJANGO_BACKENDS.length());
        }
        // A name in Django's own namespace that is not one of its backends is a typo, not a class to load.
        if (name.contains(".") && !name.startsWith(DJANGO_BACKENDS) && isQualifiedJavaName(name)) {
            return name;
        }
        throw new ImproperlyConfiguredException(setting, "unknown engine '" + text + "'; expected one of "
                + String.join(", ", ENGINES) + ", a " + DJANGO_BACKENDS + "* name, or a class name");
    }

    private static boolean isQualifiedJavaName(String name) {
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))
                    || !part.codePoints().allMatch(Character::isJavaIdentifierPart)) {
                return false;
            }
        }
        return true;
    }

    /** json or java in any case, or one of the class names Django or Cloakroom give those serializers. */
    static SerializerChoice parseSerializer(String setting, String text) {
        String name = text.trim();
        SerializerChoice choice = SERIALIZERS.get(name.contains(".") ? name : name.toLowerCase(Locale.ROOT));
        if (choice != null) {
            return choice;
        }
        String problem = "unknown serializer '" + text + "'; expected json (Django's JSONSerializer) or java";
        if (name.endsWith("PickleSerializer")) {
            problem += "; Python's pickle format cannot be read on the JVM, and Django itself removed it in 5.0";
        }
        throw new ImproperlyConfiguredException(setting, problem);
    }

    /** Comma-separated items, each trimmed; empty items are dropped, so an empty text is an empty list. */
    static List<String> parseList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * An IANA time zone name. Offsets such as {@code +01:00} are refused, as Django refuses a TIME_ZONE that is
     * not in the zoneinfo database.
     */
    static ZoneId parseZone(String setting, String text) {
        String name = text.trim();
        if (!ZoneId.getAvailableZoneIds().contains(name)) {
            throw new ImproperlyConfiguredException(setting,
                    "unknown time zone '" + text + "'; expected an IANA name such as Europe/Paris or UTC");
        }
        return ZoneId.of(name);
    }

    /** The text {@link SessionSettings.Builder#set} reads back to {@code value}; Python's spelling for booleans. */
    /** cloakroom or django, in any case. */
    static SessionCacheFormat parseCacheFormat(String setting, String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "cloakroom": return SessionCacheFormat.CLOAKROOM;
            case "django": return SessionCacheFormat.DJANGO;
            default:
                throw new ImproperlyConfiguredException(setting, "expected cloakroom (signed entries, Cloakroom's"
                        + " own) or django (Django's pickled entries, shared with Django), got '" + text + "'");
        }
    }

    static String format(SessionCacheFormat value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static String format(boolean value) {
        return value ? "True" : "False";
    }

    static String format(SameSite value) {
        return value == SameSite.OMIT ? "False" : value.attribute();
    }

    static String format(SerializerChoice value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
