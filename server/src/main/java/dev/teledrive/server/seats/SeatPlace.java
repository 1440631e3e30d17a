package dev.teledrive.server.seats;

import java.util.OptionalLong;

/**
 * One connection's place at a {@link Seat}, for its {@code state} message.
 *
 * @param driving      whether it drives
 * @param position     its place in the queue, 1 = next, 0 = not queued
 * @param queueLength  how many wait
 * @param turnEndsAt   when the current turn ends, in the clock's nanoseconds, if it will
 * @param driven       whether anyone drives
 */
public record SeatPlace(boolean driving, int position, int queueLength, OptionalLong turnEndsAt, boolean driven) {}
