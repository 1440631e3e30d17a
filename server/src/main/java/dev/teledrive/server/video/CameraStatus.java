package dev.teledrive.server.video;

import java.util.Locale;

/**
 * A camera as clients see it beside its vehicle in {@code hello} and {@code state}.
 *
 * @param id      the camera id
 * @param vehicle the vehicle it belongs to
 * @param state   whether it runs
 * @param reason  why it failed, or {@code null}
 */
public record CameraStatus(String id, String vehicle, State state, String reason) {

    /** What a camera is doing. */
    public enum State {
        /** Nobody watches: nothing runs. */
        IDLE,
        /** Someone watches and the camera delivers. */
        LIVE,
        /** It failed while wanted; the next viewer to arrive tries again. */
        FAILED;

        /** The state as it appears on the wire, such as {@code live}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
