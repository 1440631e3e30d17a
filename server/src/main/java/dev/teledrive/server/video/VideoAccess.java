package dev.teledrive.server.video;

import dev.teledrive.server.security.AddressCaps;
import dev.teledrive.server.security.VideoTickets;

/**
 * Who may watch, and how many at once: where tokens guard the server a viewer shows a ticket
 * (issued on {@code /ws}), and video connections ({@code /video} sockets and {@code .mjpg} streams)
 * have caps of their own, as large as the control connections', so a crowd of viewers can never
 * take the places of drivers.
 */
public final class VideoAccess {

    private final boolean required;
    private final VideoTickets tickets;
    private final AddressCaps caps;

    /**
     * @param required      whether tokens guard the server, so video needs a ticket
     * @param tickets       the tickets issued on {@code /ws}
     * @param maxTotal      the most video connections at once, 0 = no cap
     * @param maxPerAddress the most from one address, 0 = no cap
     */
    public VideoAccess(boolean required, VideoTickets tickets, int maxTotal, int maxPerAddress) {
        this.required = required;
        this.tickets = tickets;
        this.caps = new AddressCaps(maxTotal, maxPerAddress);
    }

    /** Whether a ticket is needed. */
    public boolean required() {
        return required;
    }

    /** Whether this ticket (possibly {@code null}) opens video. */
    public boolean admits(String ticket) {
        return !required || tickets.redeem(ticket).isPresent();
    }

    /** Counts one more video connection from this address, or says why not ({@code null}: counted). */
    public AddressCaps.Refusal enter(String address) {
        return caps.tryAcquire(address);
    }

    /** Counts one fewer; exactly once per successful {@link #enter}. */
    public void leave(String address) {
        caps.release(address);
    }

    public int count() {
        return caps.count();
    }

    public int countFrom(String address) {
        return caps.countFrom(address);
    }
}
