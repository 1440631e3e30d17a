package dev.teledrive.plugins.iracer.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.teledrive.api.Configuration;
import dev.teledrive.api.ToolContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.bluetooth.BluetoothStateException;
import javax.bluetooth.DiscoveryAgent;
import javax.bluetooth.DiscoveryListener;
import javax.bluetooth.RemoteDevice;
import org.junit.jupiter.api.Test;

/** teledrive scan, with Mockito standing in for BlueCove's discovery agent and the devices in range. */
class ScanToolTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ToolContext context = new ToolContext() {
        @Override
        public Configuration configuration() {
            return new Configuration() {
                @Override
                public Optional<String> get(String key) {
                    return Optional.empty();
                }

                @Override
                public Set<String> keys() {
                    return Set.of();
                }
            };
        }

        @Override
        public PrintWriter out() {
            return new PrintWriter(out, true);
        }

        @Override
        public PrintWriter err() {
            return new PrintWriter(err, true);
        }
    };

    private static RemoteDevice device(String address, String name) throws Exception {
        RemoteDevice d = mock(RemoteDevice.class);
        when(d.getBluetoothAddress()).thenReturn(address);
        when(d.getFriendlyName(false)).thenReturn(name);
        return d;
    }

    @Test
    void listsTheDevicesWithTheIRacerFirstAndTheUrlToSet() throws Exception {
        DiscoveryAgent agent = mock(DiscoveryAgent.class);
        RemoteDevice phone = device("A0B1C2D3E4F5", "Anna's phone");
        RemoteDevice car = device("0016530A1B2C", "i-Racer");
        doAnswer(call -> {
                    DiscoveryListener listener = call.getArgument(1);
                    listener.deviceDiscovered(phone, null);
                    listener.deviceDiscovered(car, null);
                    listener.inquiryCompleted(DiscoveryListener.INQUIRY_COMPLETED);
                    return true;
                })
                .when(agent)
                .startInquiry(eq(DiscoveryAgent.GIAC), any());

        int code = new ScanTool(new BluetoothInquiry(() -> agent)).run(List.of("--seconds", "3"), context);

        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(
                lines.get(2).startsWith("i-Racer")
                        && lines.get(2).contains("yes")
                        && lines.get(2).endsWith("btspp://0016530A1B2C:1"),
                out.toString());
        assertTrue(lines.get(3).startsWith("Anna's phone") && lines.get(3).contains(" no "), out.toString());
        assertTrue(out.toString().contains("--set iracer.url=btspp://0016530A1B2C:1"), out.toString());
    }

    @Test
    void withoutAStackOrAdapterItSaysWhatToDo() {
        int code = new ScanTool(new BluetoothInquiry(() -> {
                    throw new BluetoothStateException(
                            "BlueCove library bluecove not available; libbluetooth.so: cannot open");
                }))
                .run(List.of(), context);
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("teledrive scan: no Bluetooth stack"), err.toString());
    }

    @Test
    void theRealBlueCoveOnThisMachineFailsWithTheSameAdvice() {
        // No radio here: BlueCove either lacks BlueZ's libbluetooth or finds no adapter.
        int code = new ScanTool().run(List.of("--seconds", "1"), context);
        assertEquals(1, code);
        assertTrue(
                err.toString().startsWith("teledrive scan: no Bluetooth")
                        || err.toString().contains("no devices answered"),
                err.toString());
    }

    @Test
    void nothingInRangeAndBadArguments() throws Exception {
        DiscoveryAgent agent = mock(DiscoveryAgent.class);
        doAnswer(call -> {
                    ((DiscoveryListener) call.getArgument(1)).inquiryCompleted(DiscoveryListener.INQUIRY_COMPLETED);
                    return true;
                })
                .when(agent)
                .startInquiry(eq(DiscoveryAgent.GIAC), any());
        assertEquals(1, new ScanTool(new BluetoothInquiry(() -> agent)).run(List.of(), context));
        assertTrue(err.toString().contains("no devices answered"), err.toString());
        assertEquals(2, new ScanTool(new BluetoothInquiry(() -> agent)).run(List.of("--seconds", "0"), context));
        assertTrue(err.toString().contains("usage: teledrive scan"), err.toString());
    }

    @Test
    void serialModulesWithoutTheCarsNameMightBeIt() {
        assertEquals("maybe", new FoundDevice("X", "HC-06").iRacerLikelihood());
        assertEquals("maybe", new FoundDevice("X", null).iRacerLikelihood());
        assertEquals("yes", new FoundDevice("X", "DAGU i-racer 2").iRacerLikelihood());
        assertEquals("no", new FoundDevice("X", "Headphones").iRacerLikelihood());
    }
}
