/**
 * Cloakroom's root: the exception every library failure extends ({@link dev.cloakroom.CloakroomException}),
 * its specific subclasses that an application may want to catch, and the name of the security log.
 */
package dev.cloakroom;
