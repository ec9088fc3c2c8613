/**
 * Django's session middleware without HTTP types, for web adapters: {@link dev.cloakroom.lifecycle.SessionLifecycle}
 * opens a request's session from its cookie and decides, at the end of the request, whether to save it and
 * which {@code Set-Cookie} and {@code Vary} headers to send.
 */
package dev.cloakroom.lifecycle;
