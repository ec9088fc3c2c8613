/**
 * Cloakroom's core: Django's session framework for the JVM without any web or database types. Applications
 * program against {@link dev.cloakroom.session.Session}, {@link dev.cloakroom.session.SessionEngines} and the
 * settings; web adapters against the lifecycle; engine authors against the store, cache and engine SPIs. Every
 * other package is internal and may change in any release.
 */
module dev.cloakroom.core {
    requires transitive tools.jackson.core;
    requires transitive tools.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires transitive org.slf4j;

    exports dev.cloakroom;
    exports dev.cloakroom.settings;
    exports dev.cloakroom.session;
    exports dev.cloakroom.lifecycle;
    exports dev.cloakroom.store;
    exports dev.cloakroom.cache;
    exports dev.cloakroom.spi;

    // Django's data format, for the command line's encode and decode and the testkit's ground truth.
    exports dev.cloakroom.codec to dev.cloakroom.cli, dev.cloakroom.testkit;
    // Python's pickle, for the testkit's ground truth on Django's cache entries.
    exports dev.cloakroom.python to dev.cloakroom.testkit;

    uses dev.cloakroom.spi.SessionEngineProvider;
    uses dev.cloakroom.cache.CacheBackendProvider;

    provides dev.cloakroom.spi.SessionEngineProvider with
            dev.cloakroom.builtin.FileEngineProvider,
            dev.cloakroom.builtin.CacheEngineProvider,
            dev.cloakroom.builtin.SignedCookiesEngineProvider;
    provides dev.cloakroom.cache.CacheBackendProvider with dev.cloakroom.cache.local.LocalCacheBackendProvider;
}
