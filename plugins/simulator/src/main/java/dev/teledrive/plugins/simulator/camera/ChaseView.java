package dev.teledrive.plugins.simulator.camera;

import dev.teledrive.plugins.simulator.Arena;
import dev.teledrive.plugins.simulator.CarPose;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws what a camera just behind and above one car sees, looking ahead: sky, the arena's floor
 * with its grid, the walls and every car as a coloured box. Plain Java2D into one image that is
 * drawn over for every frame, so a frame allocates next to nothing.
 *
 * <p>Painter's order is enough: the camera stays inside the arena (pulled in when the car backs
 * onto a wall), and from inside a box every car is nearer than every wall, so the walls go first
 * and the cars after, far to near, through a {@link PinholeCamera} behind the followed car. One
 * thread at a time.
 */
public final class ChaseView implements AutoCloseable {

    private static final double GRID = 0.25;
    private static final double WALL_HEIGHT = 0.08;
    private static final double CAR_LENGTH = 0.16;
    private static final double CAR_WIDTH = 0.10;
    private static final double CAR_HEIGHT = 0.06;
    /** How far ahead of its last tick a moving car is drawn, at most: about two ticks. */
    private static final long MAX_EXTRAPOLATION_MILLIS = 100;

    private static final Color GROUND = new Color(0x5a6b4e);
    private static final Color FLOOR = new Color(0xc9c4b8);
    private static final Color LINE = new Color(0x9c978c);
    private static final Color[] WALLS = {
        new Color(0x8a5a3c), new Color(0x9e6a48), new Color(0x7a4e34), new Color(0xb07a55)
    };
    private static final Color WALL_TOP = new Color(0x5e3a24);
    private static final Color[] CARS = {
        new Color(0xd03030), new Color(0x2f6fd0), new Color(0x2fa050), new Color(0xe0a020),
        new Color(0x9040c0), new Color(0x20b0b0), new Color(0xe06aa0), new Color(0x606060)
    };

    private final Arena arena;
    private final int width;
    private final int height;
    private final BufferedImage image;
    private final BufferedImage background;
    private final Graphics2D g;
    private final PinholeCamera eye;
    private final double[] carSides = new double[8];
    private final Color[][] carShades;
    private String lastVehicle;
    private double[] lastPlaces = new double[0];

    /** A view of the given size into the arena. */
    public ChaseView(Arena arena, int width, int height) {
        this.arena = arena;
        this.width = width;
        this.height = height;
        // 3-byte BGR is the layout the JDK's JPEG writer takes without converting.
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.background = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.carShades = new Color[CARS.length][];
        for (int i = 0; i < CARS.length; i++) {
            Color c = CARS[i];
            carShades[i] = new Color[] {c.brighter(), c, c.darker(), c.darker().darker(), new Color(0xeef4ff)};
        }
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        this.eye = new PinholeCamera(g, width, height);
        paintBackground();
    }

    /** The sky above the horizon and bare ground below it: the same for every frame, since the camera never rolls. */
    private void paintBackground() {
        Graphics2D b = background.createGraphics();
        try {
            int horizon = eye.horizon();
            b.setPaint(new GradientPaint(0, 0, new Color(0x4f86c6), 0, Math.max(1, horizon), new Color(0xcfe3f5)));
            b.fillRect(0, 0, width, Math.max(0, horizon));
            b.setColor(GROUND);
            b.fillRect(0, Math.max(0, horizon), width, height);
        } finally {
            b.dispose();
        }
    }

    /** The picture drawn by the last {@link #render}; drawn over by the next. */
    public BufferedImage image() {
        return image;
    }

    /**
     * Draws the view from behind the car at the given moment, each car where its latest pose and
     * speed put it then.
     *
     * @param vehicle   the car the camera follows
     * @param nowMillis the clock's time of the frame
     * @return the picture, the same image every time
     */
    public BufferedImage render(String vehicle, long nowMillis) {
        draw(vehicle, scene(nowMillis));
        return image;
    }

    /**
     * Draws the view as {@link #render} does, unless no car has moved or turned since the last
     * picture this view drew: a standing arena then costs nothing but the comparison.
     *
     * @param vehicle   the car the camera follows
     * @param nowMillis the clock's time of the frame
     * @return whether it drew; if not, {@link #image()} still shows the same scene
     */
    public boolean renderIfMoved(String vehicle, long nowMillis) {
        List<CarPose> cars = scene(nowMillis);
        if (vehicle.equals(lastVehicle) && samePlaces(cars)) {
            return false;
        }
        draw(vehicle, cars);
        return true;
    }

    /** Every car where it is at the moment: its latest pose, moved on by its speed since. */
    private List<CarPose> scene(long nowMillis) {
        List<CarPose> cars = new ArrayList<>(arena.vehicles().size());
        for (CarPose pose : arena.poses()) {
            cars.add(
                    pose.atMillis() == 0
                            ? pose
                            : pose.ahead(Math.min(MAX_EXTRAPOLATION_MILLIS, nowMillis - pose.atMillis())));
        }
        return cars;
    }

    private boolean samePlaces(List<CarPose> cars) {
        if (cars.size() * 3 != lastPlaces.length) {
            return false;
        }
        for (int i = 0; i < cars.size(); i++) {
            CarPose c = cars.get(i);
            if (c.x() != lastPlaces[3 * i] || c.y() != lastPlaces[3 * i + 1] || c.heading() != lastPlaces[3 * i + 2]) {
                return false;
            }
        }
        return true;
    }

    private void draw(String vehicle, List<CarPose> cars) {
        CarPose self = null;
        lastPlaces = new double[cars.size() * 3];
        for (int i = 0; i < cars.size(); i++) {
            CarPose c = cars.get(i);
            lastPlaces[3 * i] = c.x();
            lastPlaces[3 * i + 1] = c.y();
            lastPlaces[3 * i + 2] = c.heading();
            if (c.vehicle().equals(vehicle)) {
                self = c;
            }
        }
        if (self == null) {
            throw new IllegalArgumentException("no car '" + vehicle + "' in the arena");
        }
        lastVehicle = vehicle;
        eye.follow(self, arena.settings().arenaWidth(), arena.settings().arenaHeight());
        g.drawImage(background, 0, 0, null);
        drawFloor();
        drawWalls();
        cars.sort(Comparator.comparingDouble(eye::distanceSquared).reversed());
        for (CarPose car : cars) {
            drawCar(car);
        }
    }

    private void drawFloor() {
        double w = arena.settings().arenaWidth();
        double h = arena.settings().arenaHeight();
        eye.corner(0, 0, 0, 0);
        eye.corner(1, w, 0, 0);
        eye.corner(2, w, h, 0);
        eye.corner(3, 0, h, 0);
        eye.fill(4, FLOOR);
        g.setColor(LINE);
        for (double x = GRID; x < w - 1e-9; x += GRID) {
            line(x, 0, x, h);
        }
        for (double y = GRID; y < h - 1e-9; y += GRID) {
            line(0, y, w, y);
        }
    }

    private void drawWalls() {
        double w = arena.settings().arenaWidth();
        double h = arena.settings().arenaHeight();
        wall(0, 0, 0, w, 0);
        wall(1, w, 0, w, h);
        wall(2, w, h, 0, h);
        wall(3, 0, h, 0, 0);
    }

    private void wall(int side, double x0, double y0, double x1, double y1) {
        eye.corner(0, x0, y0, 0);
        eye.corner(1, x1, y1, 0);
        eye.corner(2, x1, y1, WALL_HEIGHT);
        eye.corner(3, x0, y0, WALL_HEIGHT);
        eye.fill(4, WALLS[side]);
        g.setColor(WALL_TOP);
        eye.segment(x0, y0, WALL_HEIGHT, x1, y1, WALL_HEIGHT);
    }

    /**
     * A box: the four sides that face the camera and the roof, with a light stripe across the front
     * of the roof so the car's heading shows.
     */
    private void drawCar(CarPose car) {
        Color[] shade = carShades[arena.indexOf(car.vehicle()) % carShades.length];
        double ch = Math.cos(car.heading());
        double sh = Math.sin(car.heading());
        double hl = CAR_LENGTH / 2;
        double hw = CAR_WIDTH / 2;
        // Corners on the floor, anticlockwise from front-left: front-left, rear-left, rear-right, front-right.
        double[] s = carSides;
        s[0] = car.x() + hl * ch - hw * sh;
        s[1] = car.y() + hl * sh + hw * ch;
        s[2] = car.x() - hl * ch - hw * sh;
        s[3] = car.y() - hl * sh + hw * ch;
        s[4] = car.x() - hl * ch + hw * sh;
        s[5] = car.y() - hl * sh - hw * ch;
        s[6] = car.x() + hl * ch + hw * sh;
        s[7] = car.y() + hl * sh - hw * ch;
        for (int i = 0; i < 4; i++) {
            int j = (i + 1) % 4;
            double x0 = s[2 * i];
            double y0 = s[2 * i + 1];
            double x1 = s[2 * j];
            double y1 = s[2 * j + 1];
            if (!eye.faces(x0, y0, x1, y1)) {
                continue;
            }
            eye.corner(0, x0, y0, 0);
            eye.corner(1, x1, y1, 0);
            eye.corner(2, x1, y1, CAR_HEIGHT);
            eye.corner(3, x0, y0, CAR_HEIGHT);
            eye.fill(4, shade[i == 1 ? 2 : i == 3 ? 3 : 1]);
        }
        for (int i = 0; i < 4; i++) {
            eye.corner(i, s[2 * i], s[2 * i + 1], CAR_HEIGHT);
        }
        eye.fill(4, shade[0]);
        // The windscreen: a stripe across the roof's front third.
        double fx0 = s[0] - (s[0] - s[2]) * 0.3;
        double fy0 = s[1] - (s[1] - s[3]) * 0.3;
        double fx1 = s[6] - (s[6] - s[4]) * 0.3;
        double fy1 = s[7] - (s[7] - s[5]) * 0.3;
        eye.corner(0, s[0], s[1], CAR_HEIGHT);
        eye.corner(1, fx0, fy0, CAR_HEIGHT);
        eye.corner(2, fx1, fy1, CAR_HEIGHT);
        eye.corner(3, s[6], s[7], CAR_HEIGHT);
        eye.fill(4, shade[4]);
    }

    private void line(double x0, double y0, double x1, double y1) {
        eye.segment(x0, y0, 0, x1, y1, 0);
    }

    @Override
    public void close() {
        g.dispose();
    }
}
