package dev.teledrive.api;

/**
 * A camera could not start or keep going. The message is shown with the camera's vehicle and
 * logged, so it says what happened and the user's next step, for example "ffmpeg is not installed:
 * install Debian's ffmpeg package (apt install ffmpeg)".
 *
 * @since 1.3.0
 */
public class CameraException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * A failure described for people.
     *
     * @param message what happened and the user's next step, one sentence
     */
    public CameraException(String message) {
        super(message);
    }

    /**
     * A failure described for people, with its technical cause.
     *
     * @param message what happened and the user's next step, one sentence
     * @param cause   the underlying failure, such as an {@code IOException}
     */
    public CameraException(String message, Throwable cause) {
        super(message, cause);
    }
}
