package dev.cloakroom.interop;

import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Cloakroom's engine on the same settings as a {@link DjangoPeer}. */
final class CloakroomSide {
    private CloakroomSide() {
    }

    /** Cloakroom's settings for {@code config}, plus {@code extra} settings by Django's names (DATABASE_*, ...). */
    static SessionSettings settings(DjangoConfig config, Map<String, String> extra) {
        SessionSettings.Builder builder = SessionSettings.builder()
                .engine(config.engine()).secretKey(config.secretKey()).useTz(config.useTz())
                .timeZone(ZoneId.of(config.timeZone())).cookieAge(config.cookieAge());
        if (config.filePath() != null) {
            builder.filePath(config.filePath());
        }
        extra.forEach(builder::set);
        return builder.build();
    }

    static SessionEngine engine(SessionSettings settings, Clock clock) {
        return SessionEngines.builder(settings).clock(clock).build();
    }

    static SessionEngine engine(SessionSettings settings) {
        return engine(settings, Clock.systemUTC());
    }

    /** A new session holding {@code data}, saved; its key (the cookie value for signed_cookies). */
    static String create(SessionEngine engine, Map<String, ?> data) {
        Session session = engine.open(null);
        session.update(data);
        session.save();
        return session.getSessionKey();
    }

    /** What a request with this cookie would see. */
    static Map<String, Object> read(SessionEngine engine, String key) {
        return engine.open(key).asMap();
    }

    static List<String> keysOf(Map<String, ?> map) {
        return List.copyOf(map.keySet());
    }
}
