/** Creating and recognising Django's session table ({@code bin/cloakroom migrate}). */
package dev.cloakroom.jdbc.schema;
