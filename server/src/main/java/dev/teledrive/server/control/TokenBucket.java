package dev.teledrive.server.control;

import java.util.function.LongSupplier;

/**
 * A per-connection rate limit: {@code rate} messages a second sustained, {@code burst} at once.
 * Used from the connection's own message thread only, so it needs no locks.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    /**
     * @param perSecond sustained rate; 0 or less means no limit
     * @param burst     the bucket size
     * @param nanoTime  the time source ({@code System::nanoTime}, stepped in tests)
     */
    public TokenBucket(double perSecond, int burst, LongSupplier nanoTime) {
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** What a client over the limit is told, with the {@code rate_limited} error: the same at a server and a hub. */
    public static String refusal(double perSecond, int burst) {
        String rate = perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
        return "too many messages: at most " + rate + " a second (bursts of " + burst + "); stop is always accepted";
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire() {
        if (ratePerNano <= 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
