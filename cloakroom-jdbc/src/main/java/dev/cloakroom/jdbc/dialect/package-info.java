/** What differs between the supported databases: Django's DDL, the expire_date representation, batch deletes. */
package dev.cloakroom.jdbc.dialect;
