package dev.cloakroom.spring.boot.autoconfigure;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata the configuration processor generated, and the one-to-one mapping of the properties onto
 * Django's setting names.
 */
class PropertyMetadataTest {
    /** The Django names that are not modelled settings of the core but that the engines read. */
    static final List<String> MODULE_SETTINGS = List.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD",
            "DATABASE_TABLE", "DATABASE_CONNECT_TIMEOUT", "DATABASE_POOL_SIZE", "CACHE_DEFAULT_URL",
            "CACHES_DEFAULT_BACKEND", "CACHES_DEFAULT_LOCATION", "CACHES_DEFAULT_KEY_PREFIX", "CACHES_DEFAULT_VERSION",
            "CACHES_DEFAULT_TIMEOUT");

    static Map<String, JsonNode> metadata() throws Exception {
        Path classes = Path.of(CloakroomProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JsonNode root = new ObjectMapper().readTree(
                Files.readString(classes.resolve("META-INF/spring-configuration-metadata.json")));
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        root.get("properties").forEach(p -> properties.put(p.get("name").asString(), p));
        return properties;
    }

    static List<String> djangoNames() {
        List<String> names = new ArrayList<>(
                SessionSettings.builder().secretKey("metadata").build().describe().keySet());
        names.addAll(MODULE_SETTINGS);
        return names;
    }

    @Test
    void everyDjangoSettingHasADocumentedPropertyOfTheSameName() throws Exception {
        Map<String, JsonNode> metadata = metadata();

        for (String name : djangoNames()) {
            String property = PropertySettings.propertyOf(name);
            assertThat(metadata).as(property).containsKey(property);
            assertThat(metadata.get(property).get("description").asString()).as(property).startsWith(name + ": ");
        }
        assertThat(metadata.get("cloakroom.session-cookie-age").get("type").asString()).isEqualTo("java.lang.Long");
        assertThat(metadata.get("cloakroom.migrate").get("defaultValue").asBoolean()).isTrue();
        assertThat(metadata).containsKey("cloakroom.cache-urls");
    }

    @Test
    void everyPropertyBoundGivesExactlyItsDjangoSetting() throws Exception {
        Map<String, String> source = new HashMap<>();
        Set<String> expected = new TreeSet<>();
        for (String name : djangoNames()) {
            String property = PropertySettings.propertyOf(name);
            String type = metadata().get(property).get("type").asString();
            source.put(property, type.equals("java.lang.Boolean") ? "true"
                    : type.equals("java.lang.Long") || type.equals("java.lang.Integer") ? "7" : "text");
            expected.add(name);
        }
        source.put("cloakroom.cache-urls.user-sessions", "redis://127.0.0.1:6379/3");
        expected.add("CACHE_USER_SESSIONS_URL");
        source.put("cloakroom.caches.user-sessions.key-prefix", "shop");
        expected.add("CACHES_USER_SESSIONS_KEY_PREFIX");
        CloakroomProperties properties = new Binder(new MapConfigurationPropertySource(source))
                .bind(CloakroomProperties.PREFIX, CloakroomProperties.class).get();

        Map<String, PropertySettings.Value> settings = PropertySettings.of(properties);

        assertThat(new TreeSet<>(settings.keySet())).isEqualTo(expected);
        assertThat(settings.get("SESSION_COOKIE_AGE"))
                .isEqualTo(new PropertySettings.Value("7", "cloakroom.session-cookie-age"));
        assertThat(settings.get("CACHE_USER_SESSIONS_URL").text()).isEqualTo("redis://127.0.0.1:6379/3");
    }

    @Test
    void anUnsetPropertyLeavesItsSettingToTheOtherSources() {
        assertThat(PropertySettings.of(new CloakroomProperties())).isEmpty();
    }
}
