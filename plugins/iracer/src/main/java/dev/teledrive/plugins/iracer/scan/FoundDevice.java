package dev.teledrive.plugins.iracer.scan;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A device a Bluetooth inquiry found.
 *
 * @param address its 12-hex-digit address, such as {@code 0016530A1B2C}
 * @param name    its friendly name, or {@code null} when it did not say
 */
public record FoundDevice(String address, String name) {

    private static final Pattern IRACER = Pattern.compile(".*(racer|dagu).*");
    private static final Pattern SERIAL_MODULE = Pattern.compile("(hc-0[56].*|linvor.*|jy-mcu.*)");

    /** How likely it is an i-Racer, from its name: {@code yes}, {@code maybe} (a bare serial module) or {@code no}. */
    public String iRacerLikelihood() {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT).trim();
        if (IRACER.matcher(n).matches()) {
            return "yes";
        }
        return SERIAL_MODULE.matcher(n).matches() || n.isEmpty() ? "maybe" : "no";
    }

    /** The {@code iracer.url} for it, on channel 1 (the i-Racer's serial port). */
    public String url() {
        return "btspp://" + address + ":1";
    }
}
