package dev.teledrive.plugins.ffmpegcamera.process;

import java.util.regex.Pattern;

/**
 * Hides the password of URLs such as {@code rtsp://user:secret@camera/stream}, which ffmpeg
 * repeats in its error messages, before a line is logged or shown with the camera.
 */
public final class Redact {

    private static final Pattern PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]*):[^@\\s/]*@");

    private Redact() {}

    /**
     * The text with every URL password replaced by {@code ***}.
     *
     * @param text a command line or a line ffmpeg wrote
     * @return the text, safe to log
     */
    public static String passwords(String text) {
        return PASSWORD.matcher(text).replaceAll("$1:***@");
    }
}
