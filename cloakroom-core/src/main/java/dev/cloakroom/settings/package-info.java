/**
 * Cloakroom's settings: Django's SESSION_* settings, SECRET_KEY, SECRET_KEY_FALLBACKS, USE_TZ and TIME_ZONE under
 * their Django names and defaults, as one immutable {@link dev.cloakroom.settings.SessionSettings} checked when
 * built. Settings of other modules (DATABASE_URL, CACHE_&lt;ALIAS&gt;_URL, ...) travel with it as raw text.
 *
 * <p>{@link dev.cloakroom.settings.SettingsLoader} reads them from four places; a later one overrides an earlier:
 * <ol>
 *   <li>Django's defaults;</li>
 *   <li>a properties file (UTF-8): the one given explicitly (the CLI's {@code --settings FILE}), else the one the
 *       environment variable {@code CLOAKROOM_SETTINGS} names, else {@code ./cloakroom.properties} if it exists.
 *       A file that was named but is missing is an error; every name in it is read;</li>
 *   <li>environment variables;</li>
 *   <li>Java system properties ({@code -DSESSION_COOKIE_SECURE=True}).</li>
 * </ol>
 * From the environment and system properties only names that are settings are read: any {@code SESSION_*},
 * SECRET_KEY, SECRET_KEY_FALLBACKS, USE_TZ, TIME_ZONE, any {@code DATABASE_*}, and {@code CACHE_*_URL}. Names
 * are exact and upper case, as in Django. Each value is parsed only from the place that wins, and an error names
 * the setting and that place. The table of settings and defaults is {@code docs/settings.md}.
 */
package dev.cloakroom.settings;
