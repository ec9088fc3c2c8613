package dev.cloakroom.jdbc.dialect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Index names as Django's schema editor makes them ({@code _create_index_name}): table, column and the
 * first eight hex digits of an MD5 over table and column names, shortened to the database's identifier
 * limit the way Django shortens them. Matching names make a table we create indistinguishable from one
 * Django's migration created, whatever DATABASE_TABLE says.
 */
public final class DjangoIndexNames {
    private DjangoIndexNames() {
    }

    /**
     * @param suffix    appended after the digest, e.g. {@code _like}; empty for plain indexes
     * @param maxLength the database's identifier limit (Django uses 200 where the backend states none)
     */
    public static String indexName(String table, String column, String suffix, int maxLength) {
        String hashSuffix = digest(table + column) + suffix;
        String name = table + "_" + column + "_" + hashSuffix;
        if (name.length() <= maxLength) {
            return name;
        }
        if (hashSuffix.length() * 3 > maxLength) {
            hashSuffix = hashSuffix.substring(0, maxLength / 3);
        }
        int otherLength = (maxLength - hashSuffix.length()) / 2 - 1;
        name = prefix(table, otherLength) + "_" + prefix(column, otherLength) + "_" + hashSuffix;
        char first = name.charAt(0);
        if (first == '_' || Character.isDigit(first)) {
            name = "D" + name.substring(0, name.length() - 1);
        }
        return name;
    }

    private static String prefix(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    private static String digest(String names) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(names.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md5).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }
}
