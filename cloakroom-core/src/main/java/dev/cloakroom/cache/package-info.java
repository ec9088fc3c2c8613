/**
 * The cache SPI: {@link dev.cloakroom.cache.CacheBackend}, the slice of a cache that the cache and cached_db
 * engines need, and {@link dev.cloakroom.cache.CacheBackendProvider}, which serves a URL scheme.
 */
package dev.cloakroom.cache;
