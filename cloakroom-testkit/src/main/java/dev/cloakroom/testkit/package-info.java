/**
 * Contract suites every implementation passes, in the style of Django's {@code SessionTestsMixin}: one
 * suite, a small subclass per implementation, honest opt-outs, ground truth read behind the back of the
 * thing under test.
 *
 * <ul>
 *   <li>{@link dev.cloakroom.testkit.SessionStoreContract}: for session engines. Its layers are
 *       {@link dev.cloakroom.testkit.DjangoSessionContract} (Django's tests, ported one for one),
 *       {@link dev.cloakroom.testkit.ConcurrentRequestsContract} (overlapping requests: merges, no lost
 *       updates, no resurrection) and the engine-level checks in {@code SessionStoreContract} itself.</li>
 *   <li>{@link dev.cloakroom.testkit.CacheBackendContract}: for {@code CacheBackend} implementations.</li>
 *   <li>{@link dev.cloakroom.testkit.MutableClock}: the clock the suites move instead of sleeping.</li>
 *   <li>{@link dev.cloakroom.testkit.LogCapture}: reads the security log's WARNING lines (needs
 *       slf4j-simple as the test binding).</li>
 * </ul>
 *
 * <p>Use it from a module's tests with {@code cloakroom-testkit} and {@code slf4j-simple} in test scope.
 */
package dev.cloakroom.testkit;
