package dev.cloakroom.bench.http.spring;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;

/**
 * Spring Session 4 wired by hand, as an application without Boot would: {@code spring-jdbc} on the same
 * PostgreSQL database as Cloakroom's db variant (its own tables), and Spring Data Redis on the same Redis
 * database as Cloakroom's cache variant (its own key namespace). Timeouts are Django's two weeks, the pool is
 * the size Cloakroom's is given.
 */
final class SpringSessionVariants {
    static final List<String> NAMES = List.of("spring-jdbc", "spring-redis");
    static final Duration MAX_INACTIVE = Duration.ofSeconds(1_209_600);
    private static final String POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/cloakroom_bench";
    private static final int POOL_SIZE = 10;
    private static final int REDIS_DATABASE = 12;
    static final String REDIS_NAMESPACE = "ssbench";

    private SpringSessionVariants() {
    }

    /** The repository of {@code variant}; {@code resources} collects what to close on shutdown. */
    static SessionRepository<?> repository(String variant, List<AutoCloseable> resources) {
        return switch (variant) {
            case "spring-jdbc" -> jdbc(resources);
            case "spring-redis" -> redis(resources);
            default -> throw new IllegalArgumentException("unknown Spring Session variant " + variant
                    + "; expected one of " + NAMES);
        };
    }

    private static JdbcIndexedSessionRepository jdbc(List<AutoCloseable> resources) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(POSTGRESQL_URL);
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(POOL_SIZE);
        resources.add(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Integer tables = jdbc.queryForObject(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'spring_session'", Integer.class);
        if (tables == null || tables == 0) {
            // Spring Session ships its DDL; applying it is what its initializer would do at start-up
            new ResourceDatabasePopulator(new ClassPathResource("org/springframework/session/jdbc/schema-postgresql.sql"))
                    .execute(dataSource);
        }
        JdbcIndexedSessionRepository repository = new JdbcIndexedSessionRepository(jdbc,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        repository.setDefaultMaxInactiveInterval(MAX_INACTIVE);
        return repository;
    }

    private static RedisSessionRepository redis(List<AutoCloseable> resources) {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("127.0.0.1", 6379);
        server.setDatabase(REDIS_DATABASE);
        LettuceConnectionFactory connections = new LettuceConnectionFactory(server);
        connections.afterPropertiesSet();
        connections.start();
        resources.add(connections::destroy);
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.afterPropertiesSet();
        RedisSessionRepository repository = new RedisSessionRepository(template);
        repository.setRedisKeyNamespace(REDIS_NAMESPACE);
        repository.setDefaultMaxInactiveInterval(MAX_INACTIVE);
        return repository;
    }
}
