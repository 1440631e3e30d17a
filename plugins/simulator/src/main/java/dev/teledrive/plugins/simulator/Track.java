package dev.teledrive.plugins.simulator;

/** Where a car may go besides the walls: the other cars it shares an arena with. */
@FunctionalInterface
public interface Track {

    /** A track with nobody else on it: a car alone in its arena. */
    Track EMPTY = (x, y) -> true;

    /**
     * Moves the car's centre to ({@code x}, {@code y}) unless that would bring it into another car.
     *
     * @return whether it moved; {@code false} means it touches another car and stays where it was
     */
    boolean tryMove(double x, double y);
}
