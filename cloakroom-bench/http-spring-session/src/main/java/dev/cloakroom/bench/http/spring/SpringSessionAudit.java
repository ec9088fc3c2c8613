package dev.cloakroom.bench.http.spring;

import dev.cloakroom.bench.http.BenchArgs;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code --variant spring-jdbc|spring-redis --cookies FILE}: the write check of a Spring Session variant. Reads
 * {@code count} of every session in FILE straight from the repository, in this separate process, and prints
 * {@code SUM <n> MISSING <sessions not found>}. Spring's cookie holds the session id in Base64.
 */
public final class SpringSessionAudit {
    private SpringSessionAudit() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args);
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            SessionRepository<?> repository = SpringSessionVariants.repository(options.required("variant"), resources);
            long[] sumAndMissing = audit(repository, Files.readAllLines(Path.of(options.required("cookies"))));
            System.out.println("SUM " + sumAndMissing[0] + " MISSING " + sumAndMissing[1]);
        } finally {
            for (AutoCloseable resource : resources) {
                resource.close();
            }
        }
    }

    private static <S extends Session> long[] audit(SessionRepository<S> repository, List<String> cookies) {
        long sum = 0;
        long missing = 0;
        for (String cookie : cookies) {
            String value = cookie.substring(cookie.indexOf('=') + 1);
            String id = new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
            S session = repository.findById(id);
            Object count = session == null ? null : session.getAttribute("count");
            if (count instanceof Number number) {
                sum += number.longValue();
            } else {
                missing++;
            }
        }
        return new long[] {sum, missing};
    }
}
