package dev.cloakroom.bench.jmh;

/** A store's read and write done by hand, with nothing of Cloakroom's in the path: the store baseline. */
interface RawStore extends AutoCloseable {
    /** The data under {@code key}; the benchmark loads only keys it stored. */
    String load(String key) throws Exception;

    /** Writes {@code data} under {@code key} with a two-week expiry. */
    void save(String key, String data) throws Exception;
}
