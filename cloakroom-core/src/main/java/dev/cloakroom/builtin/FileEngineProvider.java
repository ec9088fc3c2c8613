package dev.cloakroom.builtin;

import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.spi.EngineContext;
import dev.cloakroom.spi.EngineParts;
import dev.cloakroom.spi.SessionEngineProvider;
import dev.cloakroom.store.file.FileSessionStore;

import java.util.Set;

/** SESSION_ENGINE {@code file}: one file per session in SESSION_FILE_PATH, as Django's file backend keeps them. */
public final class FileEngineProvider implements SessionEngineProvider {

    @Override
    public Set<String> engineNames() {
        return Set.of("file");
    }

    @Override
    public EngineParts create(String engineName, EngineContext context) {
        SessionSettings settings = context.settings();
        FileSessionStore store = new FileSessionStore(settings.filePath(), settings.cookieName());
        return EngineParts.store(store).closing(store);
    }
}
