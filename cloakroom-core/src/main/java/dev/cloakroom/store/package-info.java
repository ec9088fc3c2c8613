/**
 * The store SPI: {@link dev.cloakroom.store.SessionStore}, which every server-side engine implements, the
 * {@link dev.cloakroom.store.SessionRecord} it moves, and the session-key rule every store can rely on.
 */
package dev.cloakroom.store;
