package dev.teledrive.api.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when the test says, so physics and timeouts need no sleeps. Moving it
 * also runs, in time order and on the vehicle's own thread, every task that a {@link
 * ManualScheduler} on this clock has due by then; {@link #advance} returns once they have run.
 */
public final class ManualClock extends Clock {

    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<ManualScheduler> schedulers = new CopyOnWriteArrayList<>();

    /**
     * Moves time forward, running every scheduled task that falls due on the way, each at its own
     * moment (the clock reads that moment while the task runs).
     *
     * @param d how far to move; not negative
     * @throws IllegalStateException when a task failed on the vehicle's thread (the host would log it and
     *     mark the vehicle failed): a failure never passes unseen
     */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + d);
        }
        Instant target = now.plus(d);
        while (true) {
            ManualScheduler next = null;
            Instant nextDue = null;
            for (ManualScheduler s : schedulers) {
                Instant due = s.nextDue();
                if (due != null && !due.isAfter(target) && (nextDue == null || due.isBefore(nextDue))) {
                    next = s;
                    nextDue = due;
                }
            }
            if (next == null) {
                break;
            }
            if (nextDue.isAfter(now)) {
                now = nextDue;
            }
            next.runDue(now);
        }
        now = target;
    }

    /** Lets a scheduler's tasks run as this clock moves. */
    void attach(ManualScheduler scheduler) {
        schedulers.add(scheduler);
    }

    void detach(ManualScheduler scheduler) {
        schedulers.remove(scheduler);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
