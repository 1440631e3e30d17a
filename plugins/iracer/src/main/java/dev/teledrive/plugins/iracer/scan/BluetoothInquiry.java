package dev.teledrive.plugins.iracer.scan;

import dev.teledrive.plugins.iracer.link.Links;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.bluetooth.BluetoothStateException;
import javax.bluetooth.DeviceClass;
import javax.bluetooth.DiscoveryAgent;
import javax.bluetooth.DiscoveryListener;
import javax.bluetooth.LocalDevice;
import javax.bluetooth.RemoteDevice;
import javax.bluetooth.ServiceRecord;

/** A Bluetooth inquiry through BlueCove: which devices are in range, with their names. */
public final class BluetoothInquiry {

    /** Where the discovery agent comes from: the local adapter, or a stand-in in tests. */
    @FunctionalInterface
    public interface AgentSource {
        DiscoveryAgent agent() throws IOException;
    }

    private final AgentSource source;

    public BluetoothInquiry(AgentSource source) {
        this.source = source;
    }

    /** The inquiry on this machine's adapter. */
    public static BluetoothInquiry blueCove() {
        return new BluetoothInquiry(() -> {
            Links.requireBlueZ();
            return LocalDevice.getLocalDevice().getDiscoveryAgent();
        });
    }

    /**
     * Lists the devices that answer within {@code max} (a standard inquiry takes about 10 s).
     *
     * @throws BluetoothStateException when there is no Bluetooth stack or adapter
     * @throws IOException             when the inquiry cannot start
     */
    public List<FoundDevice> run(Duration max) throws IOException, InterruptedException {
        DiscoveryAgent agent = source.agent();
        List<RemoteDevice> found = Collections.synchronizedList(new ArrayList<>());
        var done = new CountDownLatch(1);
        DiscoveryListener listener = new DiscoveryListener() {
            @Override
            public void deviceDiscovered(RemoteDevice device, DeviceClass type) {
                found.add(device);
            }

            @Override
            public void inquiryCompleted(int status) {
                done.countDown();
            }

            @Override
            public void servicesDiscovered(int transaction, ServiceRecord[] records) {}

            @Override
            public void serviceSearchCompleted(int transaction, int status) {}
        };
        if (!agent.startInquiry(DiscoveryAgent.GIAC, listener)) {
            throw new IOException("the Bluetooth adapter would not start an inquiry; is another scan running?");
        }
        if (!done.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
            agent.cancelInquiry(listener);
        }
        List<FoundDevice> devices = new ArrayList<>();
        synchronized (found) {
            for (RemoteDevice d : found) {
                devices.add(new FoundDevice(d.getBluetoothAddress(), friendlyName(d)));
            }
        }
        return devices;
    }

    private static String friendlyName(RemoteDevice device) {
        try {
            return device.getFriendlyName(false);
        } catch (IOException e) {
            return null; // it answered the inquiry but not the name request
        }
    }
}
