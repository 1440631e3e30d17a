package dev.teledrive.server.seats;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * The first-come line behind a seat's driver, each claimant in it once, and how many places one
 * address holds in it ({@link TurnRules#placesPerAddress}). Not thread-safe: its {@link Seat}'s lock
 * guards it.
 *
 * @param <T> who waits: a connection
 */
final class WaitingLine<T> {

    private final LinkedHashSet<T> queue = new LinkedHashSet<>();
    private final Function<? super T, ?> address;

    /** @param address where each claimant comes from */
    WaitingLine(Function<? super T, ?> address) {
        this.address = address;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    boolean contains(T who) {
        return queue.contains(who);
    }

    /** @return whether {@code who} waited */
    boolean remove(T who) {
        return queue.remove(who);
    }

    void addLast(T who) {
        queue.add(who);
    }

    /** Puts {@code who} first in line, as a driver the admin displaced. */
    void addFirst(T who) {
        var rest = new ArrayList<>(queue);
        queue.clear();
        queue.add(who);
        queue.addAll(rest);
    }

    /** Takes the first in line out of it; the line must not be empty. */
    T takeFirst() {
        T first = queue.iterator().next();
        queue.remove(first);
        return first;
    }

    /**
     * Puts {@code heir} where {@code held} waits.
     *
     * @return whether {@code held} waited
     */
    boolean replace(T held, T heir) {
        if (!queue.contains(held)) {
            return false;
        }
        var order = new ArrayList<>(queue);
        order.set(order.indexOf(held), heir);
        queue.clear();
        queue.addAll(order);
        return true;
    }

    /** Where {@code who} waits, 1 = next, or 0 when it does not. */
    int positionOf(T who) {
        int i = 1;
        for (T waiting : queue) {
            if (waiting.equals(who)) {
                return i;
            }
            i++;
        }
        return 0;
    }

    /** How many places the address {@code who} comes from holds in line. */
    int placesFromAddressOf(T who) {
        Object from = address.apply(who);
        int places = 0;
        for (T waiting : queue) {
            if (from.equals(address.apply(waiting))) {
                places++;
            }
        }
        return places;
    }

    /** Who waits, first first. */
    List<T> inOrder() {
        return new ArrayList<>(queue);
    }
}
