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
 * and the cars after, far to near. A pinhole projection with the near plane clipped, no depth
 * buffer. One thread at a time.
 */
public final class ChaseView implements AutoCloseable {

    private static final double BEHIND = 0.45;
    private static final double EYE_HEIGHT = 0.30;
    private static final double PITCH = Math.toRadians(20);
    private static final double FIELD_OF_VIEW = Math.toRadians(70);
    private static final double NEAR = 0.02;
    private static final double INSET = 0.02;
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
    private final double focal;
    private final double[] carSides = new double[8];
    private final Color[][] carShades;
    private String lastVehicle;
    private double[] lastPlaces = new double[0];

    // The camera of the frame being drawn: position and the basis right, up, forward.
    private double ex;
    private double ey;
    private double ez;
    private double rx;
    private double ry;
    private double ux;
    private double uy;
    private double uz;
    private double fx;
    private double fy;
    private double fz;

    // Scratch for one polygon: world corners, camera-space corners before and after clipping, pixels.
    private final double[] wx = new double[8];
    private final double[] wy = new double[8];
    private final double[] wz = new double[8];
    private final double[] ax = new double[8];
    private final double[] ay = new double[8];
    private final double[] az = new double[8];
    private final double[] bx = new double[16];
    private final double[] by = new double[16];
    private final double[] bz = new double[16];
    private final int[] px = new int[16];
    private final int[] py = new int[16];

    /** A view of the given size into the arena. */
    public ChaseView(Arena arena, int width, int height) {
        this.arena = arena;
        this.width = width;
        this.height = height;
        // 3-byte BGR is the layout the JDK's JPEG writer takes without converting.
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.background = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.focal = width / 2.0 / Math.tan(FIELD_OF_VIEW / 2);
        this.carShades = new Color[CARS.length][];
        for (int i = 0; i < CARS.length; i++) {
            Color c = CARS[i];
            carShades[i] = new Color[] {c.brighter(), c, c.darker(), c.darker().darker(), new Color(0xeef4ff)};
        }
        paintBackground();
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    }

    /** The sky above the horizon and bare ground below it: the same for every frame, since the camera never rolls. */
    private void paintBackground() {
        Graphics2D b = background.createGraphics();
        try {
            int horizon = (int) Math.round(height / 2.0 - focal * Math.tan(PITCH));
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
        placeCamera(self);
        g.drawImage(background, 0, 0, null);
        drawFloor();
        drawWalls();
        cars.sort(Comparator.comparingDouble((CarPose c) -> distanceSquared(c)).reversed());
        for (CarPose car : cars) {
            drawCar(car);
        }
    }

    private void placeCamera(CarPose car) {
        double ch = Math.cos(car.heading());
        double sh = Math.sin(car.heading());
        double w = arena.settings().arenaWidth();
        double h = arena.settings().arenaHeight();
        ex = Math.max(INSET, Math.min(w - INSET, car.x() - BEHIND * ch));
        ey = Math.max(INSET, Math.min(h - INSET, car.y() - BEHIND * sh));
        ez = EYE_HEIGHT;
        double cp = Math.cos(PITCH);
        double sp = Math.sin(PITCH);
        fx = ch * cp;
        fy = sh * cp;
        fz = -sp;
        rx = sh;
        ry = -ch;
        ux = ch * sp;
        uy = sh * sp;
        uz = cp;
    }

    private double distanceSquared(CarPose c) {
        double dx = c.x() - ex;
        double dy = c.y() - ey;
        return dx * dx + dy * dy;
    }

    private void drawFloor() {
        double w = arena.settings().arenaWidth();
        double h = arena.settings().arenaHeight();
        corner(0, 0, 0, 0);
        corner(1, w, 0, 0);
        corner(2, w, h, 0);
        corner(3, 0, h, 0);
        fill(4, FLOOR);
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
        corner(0, x0, y0, 0);
        corner(1, x1, y1, 0);
        corner(2, x1, y1, WALL_HEIGHT);
        corner(3, x0, y0, WALL_HEIGHT);
        fill(4, WALLS[side]);
        g.setColor(WALL_TOP);
        segment(x0, y0, WALL_HEIGHT, x1, y1, WALL_HEIGHT);
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
            // The corners run anticlockwise, so the outward normal of edge (x0,y0)->(x1,y1) is (dy, -dx).
            double nx = y1 - y0;
            double ny = -(x1 - x0);
            if (nx * (ex - x0) + ny * (ey - y0) <= 0) {
                continue; // faces away
            }
            corner(0, x0, y0, 0);
            corner(1, x1, y1, 0);
            corner(2, x1, y1, CAR_HEIGHT);
            corner(3, x0, y0, CAR_HEIGHT);
            fill(4, shade[i == 1 ? 2 : i == 3 ? 3 : 1]);
        }
        for (int i = 0; i < 4; i++) {
            corner(i, s[2 * i], s[2 * i + 1], CAR_HEIGHT);
        }
        fill(4, shade[0]);
        // The windscreen: a stripe across the roof's front third.
        double fx0 = s[0] - (s[0] - s[2]) * 0.3;
        double fy0 = s[1] - (s[1] - s[3]) * 0.3;
        double fx1 = s[6] - (s[6] - s[4]) * 0.3;
        double fy1 = s[7] - (s[7] - s[5]) * 0.3;
        corner(0, s[0], s[1], CAR_HEIGHT);
        corner(1, fx0, fy0, CAR_HEIGHT);
        corner(2, fx1, fy1, CAR_HEIGHT);
        corner(3, s[6], s[7], CAR_HEIGHT);
        fill(4, shade[4]);
    }

    private void corner(int i, double x, double y, double z) {
        wx[i] = x;
        wy[i] = y;
        wz[i] = z;
    }

    /** Fills the polygon of the first n world corners, clipped at the near plane. */
    private void fill(int n, Color colour) {
        for (int i = 0; i < n; i++) {
            double dx = wx[i] - ex;
            double dy = wy[i] - ey;
            double dz = wz[i] - ez;
            ax[i] = dx * rx + dy * ry;
            ay[i] = dx * ux + dy * uy + dz * uz;
            az[i] = dx * fx + dy * fy + dz * fz;
        }
        int m = clip(n);
        if (m < 3) {
            return;
        }
        for (int i = 0; i < m; i++) {
            px[i] = screenX(bx[i], bz[i]);
            py[i] = screenY(by[i], bz[i]);
        }
        g.setColor(colour);
        g.fillPolygon(px, py, m);
    }

    /** Sutherland-Hodgman against the near plane: the corners in a* in front of it, into b*. */
    private int clip(int n) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            int p = (i + n - 1) % n;
            boolean inside = az[i] >= NEAR;
            boolean before = az[p] >= NEAR;
            if (inside != before) {
                double t = (NEAR - az[p]) / (az[i] - az[p]);
                bx[m] = ax[p] + (ax[i] - ax[p]) * t;
                by[m] = ay[p] + (ay[i] - ay[p]) * t;
                bz[m] = NEAR;
                m++;
            }
            if (inside) {
                bx[m] = ax[i];
                by[m] = ay[i];
                bz[m] = az[i];
                m++;
            }
        }
        return m;
    }

    private void line(double x0, double y0, double x1, double y1) {
        segment(x0, y0, 0, x1, y1, 0);
    }

    /** Draws a world segment in the current colour, cut at the near plane. */
    private void segment(double x0, double y0, double z0, double x1, double y1, double z1) {
        double dx0 = x0 - ex;
        double dy0 = y0 - ey;
        double dz0 = z0 - ez;
        double dx1 = x1 - ex;
        double dy1 = y1 - ey;
        double dz1 = z1 - ez;
        double cx0 = dx0 * rx + dy0 * ry;
        double cy0 = dx0 * ux + dy0 * uy + dz0 * uz;
        double cz0 = dx0 * fx + dy0 * fy + dz0 * fz;
        double cx1 = dx1 * rx + dy1 * ry;
        double cy1 = dx1 * ux + dy1 * uy + dz1 * uz;
        double cz1 = dx1 * fx + dy1 * fy + dz1 * fz;
        if (cz0 < NEAR && cz1 < NEAR) {
            return;
        }
        if (cz0 < NEAR) {
            double t = (NEAR - cz0) / (cz1 - cz0);
            cx0 += (cx1 - cx0) * t;
            cy0 += (cy1 - cy0) * t;
            cz0 = NEAR;
        } else if (cz1 < NEAR) {
            double t = (NEAR - cz1) / (cz0 - cz1);
            cx1 += (cx0 - cx1) * t;
            cy1 += (cy0 - cy1) * t;
            cz1 = NEAR;
        }
        g.drawLine(screenX(cx0, cz0), screenY(cy0, cz0), screenX(cx1, cz1), screenY(cy1, cz1));
    }

    private int screenX(double x, double z) {
        return (int) Math.round(width / 2.0 + focal * x / z);
    }

    private int screenY(double y, double z) {
        return (int) Math.round(height / 2.0 - focal * y / z);
    }

    @Override
    public void close() {
        g.dispose();
    }
}
