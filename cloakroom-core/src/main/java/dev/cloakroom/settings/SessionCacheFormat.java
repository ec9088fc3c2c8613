package dev.cloakroom.settings;

/** SESSION_CACHE_FORMAT (Cloakroom's own; Django has one format): how the cache and cached_db engines keep sessions in a cache. */
public enum SessionCacheFormat {
    /**
     * The default: each entry is the session's signed data (as in {@code django_session.session_data}) after its
     * expiry instant, under {@code make_key("cloakroom.sessions.cache" + key)} (or {@code cloakroom.sessions.cached_db}).
     * A forged entry fails its signature; Django cannot read these entries.
     */
    CLOAKROOM,
    /**
     * Django's own entries: the pickled session dict under {@code make_key("django.contrib.sessions.cache" + key)}
     * (or {@code django.contrib.sessions.cached_db}), framed as Django's cache backend for that server frames it,
     * so a Django service on the same cache reads, changes and deletes Cloakroom's sessions and the other way
     * round. Such entries are not signed: whoever can write to the cache can forge a session, as with Django
     * itself. Pickles are read by a reader that builds only plain data and refuses anything else.
     */
    DJANGO
}
