/**
 * The engine SPI: how an engine is provided ({@link dev.cloakroom.spi.SessionEngineProvider}), what it is
 * built from ({@link dev.cloakroom.spi.EngineContext}) and what it returns
 * ({@link dev.cloakroom.spi.EngineParts}). Implement it to add an engine; applications do not need it.
 */
package dev.cloakroom.spi;
