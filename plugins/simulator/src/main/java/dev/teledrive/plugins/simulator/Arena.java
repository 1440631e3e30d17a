package dev.teledrive.plugins.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The walled floor that a provider's cars share, and that its cameras look into. Each car runs on
 * its own vehicle thread and each camera on its own render thread, so the arena keeps two things:
 *
 * <ul>
 *   <li>the poses viewers read (telemetry's {@code others}, the cameras): immutable {@link CarPose}s
 *       swapped in atomically, read without locks;
 *   <li>the cars' centres for collisions, changed only by {@link Track#tryMove} under a lock held for
 *       a few comparisons, so two cars can never step into the same gap at once.
 * </ul>
 *
 * <p>A car is a circle of radius {@link #CAR_RADIUS}: turning on the spot never makes it touch
 * anything, and a move that would overlap another car stops it at the contact, as a wall does.
 * Every car is in the arena from the start, at its start pose, whether or not anyone opened it.
 */
public final class Arena {

    /** A car's size for collisions: half a toy car's length, as for the walls. */
    public static final double CAR_RADIUS = CarPhysics.HALF_LENGTH;

    private static final double CONTACT = 2 * CAR_RADIUS;

    private final SimulatorSettings settings;
    private final List<String> vehicles;
    private final Map<String, Integer> index = new HashMap<>();
    private final AtomicReferenceArray<CarPose> poses;
    private final double[] centreX;
    private final double[] centreY;

    /**
     * @param settings the arena's size and the cars' physics
     * @param vehicles the cars' vehicle ids, in the order they are spread over the floor
     * @throws IllegalArgumentException when the cars do not fit side by side
     */
    public Arena(SimulatorSettings settings, List<String> vehicles) {
        if (vehicles.isEmpty()) {
            throw new IllegalArgumentException("an arena needs at least one car");
        }
        this.settings = settings;
        this.vehicles = List.copyOf(vehicles);
        this.poses = new AtomicReferenceArray<>(vehicles.size());
        this.centreX = new double[vehicles.size()];
        this.centreY = new double[vehicles.size()];
        List<CarPose> starts = startPoses(settings, this.vehicles);
        for (int i = 0; i < starts.size(); i++) {
            CarPose start = starts.get(i);
            index.put(start.vehicle(), i);
            poses.set(i, start);
            centreX[i] = start.x();
            centreY[i] = start.y();
        }
    }

    /**
     * The cars spread on a grid over the floor, all facing +y; a single car stands in the middle.
     * The grid has as many columns as rows, or one more, so no car starts touching another or a wall.
     */
    static List<CarPose> startPoses(SimulatorSettings settings, List<String> vehicles) {
        int n = vehicles.size();
        int columns = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + columns - 1) / columns;
        double dx = settings.arenaWidth() / (columns + 1);
        double dy = settings.arenaHeight() / (rows + 1);
        if (Math.min(dx, dy) < CONTACT * 1.5) {
            throw new IllegalArgumentException("configuration key 'simulator.cars' lists " + n
                    + " cars, too many for a " + settings.arenaWidth() + " m by " + settings.arenaHeight()
                    + " m arena: list fewer or enlarge simulator.arena.width and simulator.arena.height");
        }
        var starts = new ArrayList<CarPose>(n);
        for (int i = 0; i < n; i++) {
            double x = dx * (i % columns + 1);
            double y = dy * (i / columns + 1);
            starts.add(new CarPose(vehicles.get(i), x, y, Math.PI / 2, 0, 0));
        }
        return starts;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /** The cars' vehicle ids in their start order. */
    public List<String> vehicles() {
        return vehicles;
    }

    /** Whether the car is in this arena. */
    public boolean has(String vehicle) {
        return index.containsKey(vehicle);
    }

    /** The car's position in {@link #vehicles()}, which gives it its colour. */
    public int indexOf(String vehicle) {
        Integer i = index.get(vehicle);
        if (i == null) {
            throw new IllegalArgumentException("no car '" + vehicle + "' in this arena, only " + vehicles);
        }
        return i;
    }

    /** The car's latest pose: its start pose until it first moves. */
    public CarPose pose(String vehicle) {
        return poses.get(indexOf(vehicle));
    }

    /** Every car's latest pose, in start order. */
    public List<CarPose> poses() {
        var all = new ArrayList<CarPose>(vehicles.size());
        for (int i = 0; i < vehicles.size(); i++) {
            all.add(poses.get(i));
        }
        return all;
    }

    /** The latest poses of every car but this one, in start order. */
    public List<CarPose> others(String vehicle) {
        int self = indexOf(vehicle);
        var others = new ArrayList<CarPose>(vehicles.size() - 1);
        for (int i = 0; i < vehicles.size(); i++) {
            if (i != self) {
                others.add(poses.get(i));
            }
        }
        return others;
    }

    /** Makes the pose the car's latest for every viewer. Called by the car's own thread only. */
    void publish(CarPose pose) {
        poses.set(indexOf(pose.vehicle()), pose);
    }

    /** The moves one car may make among the others. */
    Track track(String vehicle) {
        int self = indexOf(vehicle);
        return (x, y) -> tryMove(self, x, y);
    }

    /**
     * Refuses a move that ends closer than a car's width to another car and closer than it was:
     * moving apart is always allowed, so cars can never lock each other in.
     */
    private synchronized boolean tryMove(int self, double x, double y) {
        for (int i = 0; i < centreX.length; i++) {
            if (i == self) {
                continue;
            }
            double after = distanceSquared(x, y, centreX[i], centreY[i]);
            if (after < CONTACT * CONTACT
                    && after < distanceSquared(centreX[self], centreY[self], centreX[i], centreY[i])) {
                return false;
            }
        }
        centreX[self] = x;
        centreY[self] = y;
        return true;
    }

    private static double distanceSquared(double x1, double y1, double x2, double y2) {
        double dx = x1 - x2;
        double dy = y1 - y2;
        return dx * dx + dy * dy;
    }
}
