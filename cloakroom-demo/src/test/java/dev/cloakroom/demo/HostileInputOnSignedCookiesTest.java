package dev.cloakroom.demo;

import dev.cloakroom.settings.SessionSettings;

/** The hostile-input suite on signed_cookies, where the cookie is the record: a planted record is a cookie. */
class HostileInputOnSignedCookiesTest extends HostileInputContract {
    @Override
    SessionSettings.Builder settings(SessionSettings.Builder base) {
        return base.engine("signed_cookies");
    }

    @Override
    boolean serverSide() {
        return false;
    }

    @Override
    String dataSalt() {
        return HostileInputContract.SIGNED_COOKIES_SALT;
    }

    /** The attacker's "record" is the cookie value itself. */
    @Override
    String plant(String data) {
        return data;
    }

    @Override
    boolean hasRecord(String key) {
        return false;
    }
}
