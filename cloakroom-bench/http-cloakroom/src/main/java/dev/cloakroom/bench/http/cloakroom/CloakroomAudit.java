package dev.cloakroom.bench.http.cloakroom;

import dev.cloakroom.bench.http.BenchArgs;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --variant V --cookies FILE --workdir DIR}: the write check of a Cloakroom variant whose store lives
 * outside the server (db, cached_db, file, Redis). Opens the variant's store of record in this separate process,
 * reads {@code count} of every session in FILE ({@code name=value} lines) and prints
 * {@code SUM <n> MISSING <sessions not found>}.
 */
public final class CloakroomAudit {
    private CloakroomAudit() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args);
        String variant = options.required("variant");
        List<String> cookies = Files.readAllLines(Path.of(options.required("cookies")));
        long sum = 0;
        long missing = 0;
        try (SessionEngine engine = SessionEngines.create(
                CloakroomVariants.storeOfRecord(variant, Path.of(options.get("workdir", "."))))) {
            for (String cookie : cookies) {
                Object count = engine.open(cookie.substring(cookie.indexOf('=') + 1)).get("count");
                if (count instanceof Number number) {
                    sum += number.longValue();
                } else {
                    missing++;
                }
            }
        }
        System.out.println("SUM " + sum + " MISSING " + missing);
    }
}
