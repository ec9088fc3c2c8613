/**
 * Internal: Django's session data format (signed, timestamped, optionally compressed JSON or the {@code java}
 * serializer). Exported only to Cloakroom's command line and testkit; applications use sessions, not this.
 */
package dev.cloakroom.codec;
