package dev.cloakroom.builtin;

import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.spi.SessionEngineProvider;

import java.util.Set;

/** SESSION_ENGINE {@code signed_cookies}: the session is the cookie, signed with SECRET_KEY; nothing is kept. */
public final class SignedCookiesEngineProvider implements SessionEngineProvider {

    @Override
    public Set<String> engineNames() {
        return Set.of("signed_cookies");
    }

    @Override
    public EngineParts create(String engineName, EngineContext context) {
        return EngineParts.signedCookies();
    }
}
