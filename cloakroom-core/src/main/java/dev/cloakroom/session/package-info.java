/**
 * What applications program against: {@link dev.cloakroom.session.Session} (Django's {@code SessionBase}), the
 * {@link dev.cloakroom.session.SessionEngine} that opens sessions, and {@link dev.cloakroom.session.SessionEngines},
 * the one way engines are built, from the settings or over any {@link dev.cloakroom.store.SessionStore}.
 */
package dev.cloakroom.session;
