package dev.teledrive.server.seats;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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
 * manual clock.
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

    /** Why a seat changed hands, for the metrics. */
    public enum Cause {
        /** A free seat was taken. */
        CLAIM,
        /** The driver let go (release, disconnect, another vehicle) and the next in line drives, or nobody. */
        RELEASE,
        /** The turn ended while someone waited. */
        TURN_END,
        /** The driver sent nothing for too long while someone waited. */
        IDLE,
        /** The admin ended the turn. */
        SKIP,
        /** The admin took the seat. */
        ADMIN
    }

    /** Hears every change of driver, inside the seat's lock: it must return at once. */
    @FunctionalInterface
    public interface Listener {
        void handedOver(Cause cause, boolean toSomeone);
    }

    /**
     * One connection's place, for its {@code state} message.
     *
     * @param driving      whether it drives
     * @param position     its place in the queue, 1 = next, 0 = not queued
     * @param queueLength  how many wait
     * @param turnEndsAt   when the current turn ends, in the clock's nanoseconds, if it will
     * @param driven       whether anyone drives
     */
    public record Place(boolean driving, int position, int queueLength, OptionalLong turnEndsAt, boolean driven) {}

    private final Runnable stopVehicle;
    private final TurnRules rules;
    private final LongSupplier nanos;
    private final Function<? super T, ?> address;
    private final LinkedHashSet<T> queue = new LinkedHashSet<>();
    private volatile T driver;
    private long turnStartedAt;
    private long lastCommandAt;
    private long waitingSince;
    private boolean paused;
    private volatile Listener listener = (cause, toSomeone) -> {};

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
        this.stopVehicle = stopVehicle;
        this.rules = rules;
        this.nanos = nanos;
        this.address = address;
    }

    /** Who hears of each change of driver. */
    public void listen(Listener value) {
        this.listener = value;
    }

    /**
     * Asks for the seat. A free seat is taken; a held one puts the claimant at the back of the
     * queue. The admin takes the seat at once, and the driver it displaces goes to the front of the
     * queue. While the queue is paused nobody but the admin takes a free seat.
     */
    public synchronized Claim claim(T who, boolean admin) {
        if (who.equals(driver)) {
            return Claim.UNCHANGED;
        }
        if (admin) {
            queue.remove(who);
            T displaced = driver;
            handOver(who, Cause.ADMIN);
            if (displaced != null) {
                pushFront(displaced);
            }
            return Claim.DRIVING;
        }
        if (queue.contains(who)) {
            return Claim.UNCHANGED;
        }
        if (driver == null && !paused && queue.isEmpty()) {
            handOver(who, Cause.CLAIM);
            return Claim.DRIVING;
        }
        if (rules.placesPerAddress() > 0 && placesOf(address.apply(who)) >= rules.placesPerAddress()) {
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
        if (who.equals(driver)) {
            return true;
        }
        if (driver != null || paused || !queue.isEmpty()) {
            return false;
        }
        handOver(who, Cause.CLAIM);
        return true;
    }

    /**
     * Gives up the seat (the vehicle stops and the next in the queue drives) or the place in the
     * queue: on {@code release}, on disconnecting and on selecting another vehicle.
     *
     * @return whether {@code who} drove or waited here
     */
    public synchronized boolean leave(T who) {
        if (who.equals(driver)) {
            handOver(next(), Cause.RELEASE);
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
        if (held.equals(driver)) {
            driver = heir;
            return true;
        }
        if (!queue.contains(held)) {
            return false;
        }
        var order = new ArrayList<>(queue);
        order.set(order.indexOf(held), heir);
        queue.clear();
        queue.addAll(order);
        return true;
    }

    /** The driver sent a command: its idle clock starts again. */
    public void commandFrom(T who) {
        if (who.equals(driver)) {
            synchronized (this) {
                if (who.equals(driver)) {
                    lastCommandAt = nanos.getAsLong();
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
        if (driver == null) {
            return false;
        }
        endTurn(Cause.SKIP);
        return true;
    }

    /**
     * Applies the turn and idle limits at the clock's now: an idle driver loses the seat, a driver
     * whose turn is over goes to the back of the queue. Only while someone waits.
     *
     * @return whether the seat changed hands
     */
    public synchronized boolean expire() {
        if (driver == null || queue.isEmpty() || paused) {
            return false;
        }
        long now = nanos.getAsLong();
        if (due(idleEndsAt(), now)) {
            handOver(next(), Cause.IDLE);
            return true;
        }
        if (due(turnEndsAt(), now)) {
            endTurn(Cause.TURN_END);
            return true;
        }
        return false;
    }

    /** When {@link #expire()} next has something to do, in the clock's nanoseconds. */
    public synchronized OptionalLong nextDeadline() {
        if (driver == null || queue.isEmpty() || paused) {
            return OptionalLong.empty();
        }
        OptionalLong idle = idleEndsAt();
        OptionalLong turn = turnEndsAt();
        if (idle.isPresent() && turn.isPresent()) {
            return OptionalLong.of(Math.min(idle.getAsLong(), turn.getAsLong()));
        }
        return idle.isPresent() ? idle : turn;
    }

    /**
     * Holds the queue: nobody takes a free seat but the admin, and turns do not end. Resuming hands a
     * free seat to the first in the queue.
     */
    public synchronized void pause(boolean on) {
        paused = on;
        if (!on && driver == null && !queue.isEmpty()) {
            handOver(next(), Cause.RELEASE);
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
        return who != null && who.equals(driver);
    }

    /** Whether anyone drives; lock-free. */
    public boolean isTaken() {
        return driver != null;
    }

    /** The driver, or {@code null}. */
    public T driver() {
        return driver;
    }

    /** How many wait. */
    public synchronized int queueLength() {
        return queue.size();
    }

    /** Who waits, first first. */
    public synchronized List<T> waiting() {
        return new ArrayList<>(queue);
    }

    /** Where {@code who} stands, for its {@code state}. */
    public synchronized Place placeOf(T who) {
        int position = 0;
        if (!who.equals(driver)) {
            int i = 1;
            for (T waiting : queue) {
                if (waiting.equals(who)) {
                    position = i;
                    break;
                }
                i++;
            }
        }
        OptionalLong turnEnds = queue.isEmpty() || paused ? OptionalLong.empty() : turnEndsAt();
        return new Place(who.equals(driver), position, queue.size(), turnEnds, driver != null);
    }

    private void endTurn(Cause cause) {
        T previous = driver;
        T next = queue.isEmpty() ? previous : next();
        handOver(next, cause);
        if (!previous.equals(next)) {
            enqueue(previous);
        }
    }

    /**
     * Seats {@code next} (or nobody), then stops the vehicle. In that order because a driver's
     * command is admitted by reading the vehicle's stop count before asking whether it drives
     * ({@code VehicleRunner.admission()}): a command of the old driver either sees the new driver
     * and is refused, or was admitted before this stop and is voided by it. A free seat needs no
     * stop: the vehicle stopped when its last driver left.
     */
    private void handOver(T next, Cause cause) {
        T previous = driver;
        driver = next;
        if (previous != null) {
            stopVehicle.run();
        }
        listener.handedOver(cause, next != null);
        long now = nanos.getAsLong();
        turnStartedAt = now;
        lastCommandAt = now;
    }

    /** Takes the first in the queue, unless the queue is paused or empty. */
    private T next() {
        if (paused || queue.isEmpty()) {
            return null;
        }
        T first = queue.iterator().next();
        queue.remove(first);
        queueChanged();
        return first;
    }

    private int placesOf(Object from) {
        int places = 0;
        for (T waiting : queue) {
            if (from.equals(address.apply(waiting))) {
                places++;
            }
        }
        return places;
    }

    private void enqueue(T who) {
        if (queue.isEmpty()) {
            waitingSince = nanos.getAsLong();
        }
        queue.add(who);
    }

    private void pushFront(T who) {
        var rest = new ArrayList<>(queue);
        queue.clear();
        queue.add(who);
        queue.addAll(rest);
        if (rest.isEmpty()) {
            waitingSince = nanos.getAsLong();
        }
    }

    /** A driver's clocks run only while someone waits: they start when the waiting does. */
    private void queueChanged() {
        if (queue.isEmpty()) {
            waitingSince = 0;
        }
    }

    private OptionalLong turnEndsAt() {
        if (rules.turn().isZero() || driver == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(
                Math.max(turnStartedAt, waitingSince) + rules.turn().toNanos());
    }

    private OptionalLong idleEndsAt() {
        if (rules.idle().isZero() || driver == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(
                Math.max(lastCommandAt, waitingSince) + rules.idle().toNanos());
    }

    private static boolean due(OptionalLong deadline, long now) {
        return deadline.isPresent() && now - deadline.getAsLong() >= 0;
    }
}
