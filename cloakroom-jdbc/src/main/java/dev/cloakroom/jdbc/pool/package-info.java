/** The HikariCP pool the db engine builds from DATABASE_URL. */
package dev.cloakroom.jdbc.pool;
