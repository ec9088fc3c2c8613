package dev.cloakroom.jdbc.dialect;

import java.util.Map;
import java.util.Set;

/**
 * What an existing session table looks like, as far as a migration needs to know.
 *
 * @param columns           column names, lower case
 * @param indexFirstColumns every index on the table (primary key included) by name, with its first
 *                          column in lower case
 */
public record TableShape(Set<String> columns, Map<String, String> indexFirstColumns) {
    public TableShape {
        columns = Set.copyOf(columns);
        indexFirstColumns = Map.copyOf(indexFirstColumns);
    }

    /** Whether some index starts with {@code column}, so lookups by that column need no new one. */
    public boolean hasIndexLeadingWith(String column) {
        return indexFirstColumns.containsValue(column);
    }
}
