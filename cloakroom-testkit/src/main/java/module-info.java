/** Contract suites every engine, store and cache backend runs: one suite, every implementation. */
module dev.cloakroom.testkit {
    requires transitive dev.cloakroom.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires tools.jackson.databind;

    exports dev.cloakroom.testkit;

    // LocalCaches finds the local cache by its provider; the file store's own tests reach it through the file
    // engine's provider, its class being internal to the core.
    uses dev.cloakroom.cache.CacheBackendProvider;
    uses dev.cloakroom.spi.SessionEngineProvider;

    // JUnit runs the contracts' test methods reflectively.
    opens dev.cloakroom.testkit to org.junit.platform.commons;
}
