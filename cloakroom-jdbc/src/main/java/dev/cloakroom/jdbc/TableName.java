package dev.cloakroom.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of the session table (setting DATABASE_TABLE, default {@code django_session}), checked to be a
 * plain SQL identifier so it can be spliced into statements without any risk of injection: a letter or
 * underscore, then letters, digits or underscores, at most 63 characters (PostgreSQL's limit, the
 * smallest of the supported databases).
 */
public final class TableName {
    /** Django's {@code db_table} for its Session model. */
    public static final String DJANGO_DEFAULT = "django_session";
    public static final int MAX_LENGTH = 63;
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String name;

    private TableName(String name) {
        this.name = name;
    }

    /**
     * @throws IllegalArgumentException when {@code name} is not a plain SQL identifier
     */
    public static TableName of(String name) {
        Objects.requireNonNull(name, "name");
        if (name.length() > MAX_LENGTH || !PLAIN_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a plain SQL identifier (a letter or _, then "
                    + "letters, digits or _, at most " + MAX_LENGTH + " characters)");
        }
        return new TableName(name);
    }

    public static TableName djangoDefault() {
        return new TableName(DJANGO_DEFAULT);
    }

    /** The name as written, without quotes. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableName that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
