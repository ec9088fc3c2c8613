package dev.cloakroom.memcached;

import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;

/**
 * The part of xmemcached's {@link Transcoder} that tunes its own serializing transcoders (primitives as strings,
 * packed zeros, compression). Cloakroom's transcoders write one fixed format each, so every knob is refused.
 */
abstract class FixedFormatTranscoder implements Transcoder<String> {
    private final String values;

    /** @param values what the values always are, for the refusal's message ("text", "byte strings") */
    FixedFormatTranscoder(String values) {
        this.values = values;
    }

    @Override
    public final void setPrimitiveAsString(boolean primitiveAsString) {
        throw new UnsupportedOperationException("values are always " + values);
    }

    @Override
    public final void setPackZeros(boolean packZeros) {
        throw new UnsupportedOperationException("values are always " + values);
    }

    @Override
    public final void setCompressionThreshold(int threshold) {
        throw new UnsupportedOperationException("values are never compressed");
    }

    @Override
    public final boolean isPrimitiveAsString() {
        return false;
    }

    @Override
    public final boolean isPackZeros() {
        return false;
    }

    @Override
    public final void setCompressionMode(CompressionMode compressionMode) {
        throw new UnsupportedOperationException("values are never compressed");
    }
}
