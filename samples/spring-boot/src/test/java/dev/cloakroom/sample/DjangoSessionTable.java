package dev.cloakroom.sample;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads Django's {@code django_session} table directly, as Django would, with no Cloakroom code. */
final class DjangoSessionTable {
    private DjangoSessionTable() {
    }

    /** Whether the table has a row under {@code key} that has not expired. */
    static boolean hasLiveRow(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT expire_date FROM django_session WHERE session_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                Object expiry = row.getObject(1);
                Instant expires = expiry instanceof Timestamp timestamp ? timestamp.toInstant()
                        : Instant.parse(String.valueOf(expiry).replace(' ', 'T').replaceFirst("(\\.\\d+)?$", "$0Z"));
                return expires.isAfter(Instant.now());
            }
        }
    }

    /** The session's data as Django's signing.loads would see it before checking the signature: JSON. */
    static JsonNode data(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT session_data FROM django_session WHERE session_key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("a row for " + key).isTrue();
                return decode(row.getString(1));
            }
        }
    }

    /** Django's format: {@code [.]base64url(json, zlib-compressed when it starts with '.'):timestamp:signature}. */
    static JsonNode decode(String sessionData) {
        String[] parts = sessionData.split(":");
        assertThat(parts).as("payload:timestamp:signature").hasSize(3);
        boolean compressed = parts[0].startsWith(".");
        byte[] payload = Base64.getUrlDecoder().decode(compressed ? parts[0].substring(1) : parts[0]);
        if (compressed) {
            payload = inflate(payload);
        }
        return JsonMapper.builder().build().readTree(payload);
    }

    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) {
                    throw new AssertionError("truncated zlib data");
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new AssertionError("not zlib data", e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }
}
