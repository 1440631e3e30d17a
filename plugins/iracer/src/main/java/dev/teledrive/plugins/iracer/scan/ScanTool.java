package dev.teledrive.plugins.iracer.scan;

import dev.teledrive.api.ToolContext;
import dev.teledrive.api.ToolProvider;
import dev.teledrive.plugins.iracer.link.Links;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import javax.bluetooth.BluetoothStateException;
import org.pf4j.Extension;

/**
 * {@code bin/teledrive scan}: lists nearby Bluetooth devices, says which look like an i-Racer, and
 * gives the {@code iracer.url} to set.
 */
@Extension
public final class ScanTool implements ToolProvider {

    private final BluetoothInquiry inquiry;

    /** The tool PF4J creates, scanning with this machine's adapter. */
    public ScanTool() {
        this(BluetoothInquiry.blueCove());
    }

    ScanTool(BluetoothInquiry inquiry) {
        this.inquiry = inquiry;
    }

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public String description() {
        return "find nearby i-Racer cars and the iracer.url to set";
    }

    @Override
    public int run(List<String> arguments, ToolContext context) {
        PrintWriter out = context.out();
        PrintWriter err = context.err();
        Duration max;
        try {
            max = seconds(arguments);
        } catch (IllegalArgumentException e) {
            err.println("teledrive scan: " + e.getMessage());
            return 2;
        }
        out.println("Scanning for Bluetooth devices for up to " + max.toSeconds() + " s; switch the car on...");
        out.flush();
        List<FoundDevice> devices;
        try {
            devices = inquiry.run(max);
        } catch (BluetoothStateException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            err.println("teledrive scan: " + Links.explainStackFailure(e));
            return 1;
        } catch (IOException e) {
            err.println("teledrive scan: " + e.getMessage()); // already one line with the next step
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (devices.isEmpty()) {
            err.println("teledrive scan: no devices answered: is the car switched on (its light blinks while it waits)"
                    + " and within a few metres? Then run the scan again");
            return 1;
        }
        print(devices, out);
        return 0;
    }

    private static void print(List<FoundDevice> devices, PrintWriter out) {
        List<FoundDevice> sorted = devices.stream()
                .sorted(Comparator.comparing((FoundDevice d) -> !"yes".equals(d.iRacerLikelihood()))
                        .thenComparing(d -> !"maybe".equals(d.iRacerLikelihood())))
                .toList();
        out.printf("%-24s %-14s %-8s %s%n", "NAME", "ADDRESS", "I-RACER", "URL");
        for (FoundDevice d : sorted) {
            out.printf(
                    "%-24s %-14s %-8s %s%n",
                    d.name() == null ? "(no name)" : d.name(), d.address(), d.iRacerLikelihood(), d.url());
        }
        FoundDevice best = sorted.get(0);
        if (!"no".equals(best.iRacerLikelihood())) {
            out.println();
            out.println("Pair it once (bluetoothctl pair " + best.address()
                    + "; its PIN is usually 1234), then start with:");
            out.println("  bin/teledrive --vehicle iracer --set iracer.url=" + best.url());
            out.println("or put iracer.url=" + best.url() + " in conf/teledrive.properties.");
        }
        out.flush();
    }

    private static Duration seconds(List<String> arguments) {
        if (arguments.isEmpty()) {
            return Duration.ofSeconds(12);
        }
        if (arguments.size() == 2 && arguments.get(0).equals("--seconds")) {
            try {
                int s = Integer.parseInt(arguments.get(1));
                if (s >= 1 && s <= 120) {
                    return Duration.ofSeconds(s);
                }
            } catch (NumberFormatException e) {
                // fall through to the usage message
            }
        }
        throw new IllegalArgumentException("usage: teledrive scan [--seconds 1..120]");
    }
}
