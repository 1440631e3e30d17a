package dev.teledrive.server.security;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts what clients hold (sockets, WebSocket connections) in all and per address, and lets one
 * more in only while both caps allow. Checking and counting are one step, so a burst of clients
 * arriving together never overshoots a cap.
 */
public final class AddressCaps {

    /** Why a client was not let in. */
    public enum Refusal {
        /** The server holds as many as it may. */
        FULL,
        /** The client's address holds as many as one address may. */
        ADDRESS_FULL
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int total;

    /**
     * @param maxTotal      the most at once, 0 = no cap
     * @param maxPerAddress the most from one address, 0 = no cap
     */
    public AddressCaps(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts one more for this address if the caps allow.
     *
     * @return {@code null} if it was counted, else why not
     */
    public synchronized Refusal tryAcquire(String address) {
        if (maxTotal > 0 && total >= maxTotal) {
            return Refusal.FULL;
        }
        int held = perAddress.getOrDefault(address, 0);
        if (maxPerAddress > 0 && held >= maxPerAddress) {
            return Refusal.ADDRESS_FULL;
        }
        perAddress.put(address, held + 1);
        total++;
        return null;
    }

    /** Counts one fewer for this address; call it exactly once for each successful {@link #tryAcquire}. */
    public synchronized void release(String address) {
        Integer held = perAddress.get(address);
        if (held == null) {
            throw new IllegalStateException("released more than acquired for " + address);
        }
        if (held == 1) {
            perAddress.remove(address);
        } else {
            perAddress.put(address, held - 1);
        }
        total--;
    }

    public synchronized int count() {
        return total;
    }

    public synchronized int countFrom(String address) {
        return perAddress.getOrDefault(address, 0);
    }
}
