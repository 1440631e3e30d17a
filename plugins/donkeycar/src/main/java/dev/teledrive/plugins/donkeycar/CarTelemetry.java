package dev.teledrive.plugins.donkeycar;

import dev.teledrive.api.Telemetry;
import dev.teledrive.api.TelemetrySink;
import dev.teledrive.plugins.donkeycar.link.DriveMessage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One car's telemetry: what it was last told ({@code angle}, {@code throttle}, {@code recording})
 * and what it last said about itself. Donkeycar's web controller tells its clients when its drive
 * mode or recording changes ({@code {"driveMode":"user"}}, {@code {"recording":true}}) and, while
 * recording, how many records its tub holds ({@code num_records}); those show as {@code mode},
 * {@code recording} and {@code records}. Every sample carries every field known so far, so the
 * page's readout keeps them all.
 */
final class CarTelemetry {

    // The car writes these with Python's json.dumps; a pattern per field reads them without a JSON
    // library in the plugin, and ignores everything else it may say.
    private static final Pattern MODE = Pattern.compile("\"driveMode\"\\s*:\\s*\"([^\"\\\\]{0,32})\"");
    private static final Pattern RECORDING = Pattern.compile("\"recording\"\\s*:\\s*(true|false)");
    private static final Pattern RECORDS = Pattern.compile("\"num_records\"\\s*:\\s*(\\d{1,15})");

    private final TelemetrySink sink;
    private final Telemetry.Builder sample = Telemetry.builder(); // guarded by this

    CarTelemetry(TelemetrySink sink) {
        this.sink = sink;
        sample.put("angle", 0.0).put("throttle", 0.0).put("recording", false);
    }

    /** What the car was told; from the vehicle's thread. */
    synchronized void sent(DriveMessage message) {
        sample.put("angle", message.angle()).put("throttle", message.throttle()).put("recording", message.recording());
        sink.publish(sample.build());
    }

    /** A message from the car; from the link's reader thread. */
    synchronized void heard(CharSequence text) {
        boolean changed = false;
        Matcher m = MODE.matcher(text);
        if (m.find()) {
            sample.put("mode", m.group(1));
            changed = true;
        }
        m = RECORDING.matcher(text);
        if (m.find()) {
            sample.put("recording", Boolean.parseBoolean(m.group(1)));
            changed = true;
        }
        m = RECORDS.matcher(text);
        if (m.find()) {
            sample.put("records", Long.parseLong(m.group(1)));
            changed = true;
        }
        if (changed) {
            sink.publish(sample.build());
        }
    }
}
