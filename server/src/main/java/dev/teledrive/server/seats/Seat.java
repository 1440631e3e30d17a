package dev.teledrive.server.seats;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Who may drive one vehicle: one driver, a first-come queue behind it, timed turns and an idle
 * limit while someone waits, and the admin's right to take the seat or end a turn (PROTOCOL.md,
 * version 2). Every hand-over stops the vehicle first, inside the seat's lock, so the next driver
 * never inherits the last one's motion.
 *
 * <p>Time is read from the monotonic clock given, and nothing here sleeps or schedules: the owner
 * calls {@link #expire()} at {@link #nextDeadline()}, so the rules are tested in memory by moving a
 * manual clock. The line is a {@link WaitingLine}, the limits are counted by {@link TurnClocks};
 * this class decides who drives and hands the seat over.
 *
 * @param <T> who drives and waits: a connection
 */
public final class Seat<T> {

    /** What a claim did. */
    public enum Claim {
        /** The seat was free, or taken by the admin: the claimant drives now. */
        DRIVING,
        /** The seat is held: the claimant waits at the back of the queue. */
        QUEUED,
        /** The claimant already drove or waited: nothing changed. */
        UNCHANGED,
        /** The claimant's address already holds {@link TurnRules#placesPerAddress} places in the queue. */
        REFUSED
    }

    private final HandOver<T> hands;
    private final TurnRules rules;
    private final WaitingLine<T> queue;
    private final TurnClocks clocks;
    private boolean paused;

    /**
     * @param stopVehicle stops the vehicle at once, ahead of anything queued for it
     * @param rules       the turn and idle limits
     * @param nanos       the monotonic clock, in nanoseconds
     */
    public Seat(Runnable stopVehicle, TurnRules rules, LongSupplier nanos) {
        this(stopVehicle, rules, nanos, who -> who);
    }

    /**
     * @param address where each claimant comes from, for {@link TurnRules#placesPerAddress}
     */
    public Seat(Runnable stopVehicle, TurnRules rules, LongSupplier nanos, Function<? super T, ?> address) {
        this.hands = new HandOver<>(stopVehicle);
        this.rules = rules;
        this.queue = new WaitingLine<>(address);
        this.clocks = new TurnClocks(rules, nanos);
    }

    /** Who hears of each change of driver. */
    public void listen(HandOver.Listener value) {
        hands.listen(value);
    }

    /**
     * Asks for the seat. A free seat is taken; a held one puts the claimant at the back of the
     * queue. The admin takes the seat at once, and the driver it displaces goes to the front of the
     * queue. While the queue is paused nobody but the admin takes a free seat.
     */
    public synchronized Claim claim(T who, boolean admin) {
        if (who.equals(hands.driver())) {
            return Claim.UNCHANGED;
        }
        if (admin) {
            queue.remove(who);
            T displaced = hands.driver();
            handOver(who, HandOver.Cause.ADMIN);
            if (displaced != null) {
                pushFront(displaced);
            }
            return Claim.DRIVING;
        }
        if (queue.contains(who)) {
            return Claim.UNCHANGED;
        }
        if (hands.driver() == null && !paused && queue.isEmpty()) {
            handOver(who, HandOver.Cause.CLAIM);
            return Claim.DRIVING;
        }
        if (rules.placesPerAddress() > 0 && queue.placesFromAddressOf(who) >= rules.placesPerAddress()) {
            return Claim.REFUSED;
        }
        enqueue(who);
        return Claim.QUEUED;
    }

    /**
     * Takes the seat only if it is free, nobody waits and the queue is not paused: how a connection
     * that did not ask starts driving (protocol version 1's first comer). Never queues.
     *
     * @return whether {@code who} drives now
     */
    public synchronized boolean takeIfFree(T who) {
        if (who.equals(hands.driver())) {
            return true;
        }
        if (hands.driver() != null || paused || !queue.isEmpty()) {
            return false;
        }
        handOver(who, HandOver.Cause.CLAIM);
        return true;
    }

    /**
     * Gives up the seat (the vehicle stops and the next in the queue drives) or the place in the
     * queue: on {@code release}, on disconnecting and on selecting another vehicle.
     *
     * @return whether {@code who} drove or waited here
     */
    public synchronized boolean leave(T who) {
        if (who.equals(hands.driver())) {
            handOver(next(), HandOver.Cause.RELEASE);
            return true;
        }
        if (queue.remove(who)) {
            queueChanged();
            return true;
        }
        return false;
    }

    /**
     * Puts {@code heir} in the place {@code held} has here, the seat or the same place in the queue,
     * without a hand-over: how a new connection takes back the place of one that dropped (resume).
     * The vehicle stopped when that connection dropped, so nothing stops here, and the turn and
     * idle clocks run on as if nothing had happened. {@code heir} must hold no place here.
     *
     * @return whether {@code held} had a place to take over
     */
    public synchronized boolean replace(T held, T heir) {
        if (held.equals(hands.driver())) {
            hands.inherit(heir);
            return true;
        }
        return queue.replace(held, heir);
    }

    /** The driver sent a command: its idle clock starts again. */
    public void commandFrom(T who) {
        if (who.equals(hands.driver())) {
            synchronized (this) {
                if (who.equals(hands.driver())) {
                    clocks.command();
                }
            }
        }
    }

    /**
     * Ends the current turn, as the admin's {@code skip} does: the vehicle stops, the driver goes to
     * the back of the queue and the first in it drives.
     *
     * @return whether there was a turn to end
     */
    public synchronized boolean skip() {
        if (hands.driver() == null) {
            return false;
        }
        endTurn(HandOver.Cause.SKIP);
        return true;
    }

    /**
     * Applies the turn and idle limits at the clock's now: an idle driver loses the seat, a driver
     * whose turn is over goes to the back of the queue. Only while someone waits.
     *
     * @return whether the seat changed hands
     */
    public synchronized boolean expire() {
        if (hands.driver() == null || queue.isEmpty() || paused) {
            return false;
        }
        long now = clocks.now();
        if (clocks.idleAt(now)) {
            handOver(next(), HandOver.Cause.IDLE);
            return true;
        }
        if (clocks.turnOverAt(now)) {
            endTurn(HandOver.Cause.TURN_END);
            return true;
        }
        return false;
    }

    /** When {@link #expire()} next has something to do, in the clock's nanoseconds. */
    public synchronized OptionalLong nextDeadline() {
        if (hands.driver() == null || queue.isEmpty() || paused) {
            return OptionalLong.empty();
        }
        return clocks.nextDeadline();
    }

    /**
     * Holds the queue: nobody takes a free seat but the admin, and turns do not end. Resuming hands a
     * free seat to the first in the queue.
     */
    public synchronized void pause(boolean on) {
        paused = on;
        if (!on && hands.driver() == null && !queue.isEmpty()) {
            handOver(next(), HandOver.Cause.RELEASE);
        }
        if (!on) {
            queueChanged();
        }
    }

    /** The limits this seat applies. */
    public TurnRules rules() {
        return rules;
    }

    public synchronized boolean paused() {
        return paused;
    }

    /** Whether {@code who} drives; lock-free, as every command asks. */
    public boolean isDriver(T who) {
        return who != null && who.equals(hands.driver());
    }

    /** Whether anyone drives; lock-free. */
    public boolean isTaken() {
        return hands.driver() != null;
    }

    /** The driver, or {@code null}. */
    public T driver() {
        return hands.driver();
    }

    /** How many wait. */
    public synchronized int queueLength() {
        return queue.size();
    }

    /** Who waits, first first. */
    public synchronized List<T> waiting() {
        return queue.inOrder();
    }

    /** Where {@code who} stands, for its {@code state}. */
    public synchronized SeatPlace placeOf(T who) {
        int position = who.equals(hands.driver()) ? 0 : queue.positionOf(who);
        OptionalLong turnEnds = queue.isEmpty() || paused ? OptionalLong.empty() : turnEndsAt();
        return new SeatPlace(who.equals(hands.driver()), position, queue.size(), turnEnds, hands.driver() != null);
    }

    private void endTurn(HandOver.Cause cause) {
        T previous = hands.driver();
        T next = queue.isEmpty() ? previous : next();
        handOver(next, cause);
        if (!previous.equals(next)) {
            enqueue(previous);
        }
    }

    private void handOver(T next, HandOver.Cause cause) {
        hands.to(next, cause);
        clocks.newTurn();
    }

    /** Takes the first in the queue, unless the queue is paused or empty. */
    private T next() {
        if (paused || queue.isEmpty()) {
            return null;
        }
        T first = queue.takeFirst();
        queueChanged();
        return first;
    }

    private void enqueue(T who) {
        if (queue.isEmpty()) {
            clocks.waitingStarts();
        }
        queue.addLast(who);
    }

    private void pushFront(T who) {
        boolean nobodyWaited = queue.isEmpty();
        queue.addFirst(who);
        if (nobodyWaited) {
            clocks.waitingStarts();
        }
    }

    /** A driver's clocks run only while someone waits: they start when the waiting does. */
    private void queueChanged() {
        if (queue.isEmpty()) {
            clocks.nobodyWaits();
        }
    }

    private OptionalLong turnEndsAt() {
        return hands.driver() == null ? OptionalLong.empty() : clocks.turnEndsAt();
    }
}
