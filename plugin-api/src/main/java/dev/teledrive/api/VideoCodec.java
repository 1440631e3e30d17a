package dev.teledrive.api;

import java.util.Locale;

/**
 * How a {@link VideoFrame} is encoded.
 *
 * @since 1.3.0
 */
public enum VideoCodec {
    /** A complete baseline JPEG image; every frame is a key frame. */
    JPEG,
    /**
     * One H.264 access unit in Annex B form (start codes, not length prefixes). A key frame is an
     * IDR picture carrying its SPS and PPS, so a decoder can start on it.
     */
    H264;

    /**
     * The codec's name on the wire, as clients ask for it.
     *
     * @return {@code jpeg} or {@code h264}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
