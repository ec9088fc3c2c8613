package dev.cloakroom.demo;

import dev.cloakroom.settings.SessionSettings;

import java.util.List;

/**
 * signed_cookies keeps no store: nothing to count, and the common cases check what the cookie does instead (sent
 * when the session changes, never on /read or on a request that does not touch the session).
 */
class StoreTrafficOnSignedCookiesTest extends StoreTrafficContract {
    @Override
    SessionSettings.Builder settings(SessionSettings.Builder base) {
        return base.engine("signed_cookies");
    }

    @Override
    List<TrafficMeter> meters() {
        return List.of();
    }

    @Override
    String label() {
        return "signed_cookies";
    }
}
