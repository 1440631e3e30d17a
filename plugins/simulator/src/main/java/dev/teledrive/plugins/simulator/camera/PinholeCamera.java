package dev.teledrive.plugins.simulator.camera;

import dev.teledrive.plugins.simulator.CarPose;
import java.awt.Color;
import java.awt.Graphics2D;

/**
 * The eye of a {@link ChaseView}: a pinhole camera just behind and above one car, looking ahead and
 * a little down, that projects world polygons and segments onto the picture with the near plane
 * clipped (no depth buffer). Kept apart from what is drawn so the geometry can be read, and checked,
 * on its own. Reuses its scratch arrays, so a frame allocates next to nothing; one thread at a time.
 */
final class PinholeCamera {

    private static final double BEHIND = 0.45;
    private static final double EYE_HEIGHT = 0.30;
    private static final double PITCH = Math.toRadians(20);
    private static final double FIELD_OF_VIEW = Math.toRadians(70);
    private static final double NEAR = 0.02;
    /** How far the eye keeps from the walls when the car backs onto one. */
    private static final double INSET = 0.02;

    private final Graphics2D g;
    private final int width;
    private final int height;
    private final double focal;

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

    /** A camera drawing into {@code g}, a picture of the given size. */
    PinholeCamera(Graphics2D g, int width, int height) {
        this.g = g;
        this.width = width;
        this.height = height;
        this.focal = width / 2.0 / Math.tan(FIELD_OF_VIEW / 2);
    }

    /** The horizon's row in the picture: the same for every frame, since the camera never rolls. */
    int horizon() {
        return (int) Math.round(height / 2.0 - focal * Math.tan(PITCH));
    }

    /** Places the eye behind {@code car}, kept inside an arena of the given size. */
    void follow(CarPose car, double arenaWidth, double arenaHeight) {
        double ch = Math.cos(car.heading());
        double sh = Math.sin(car.heading());
        ex = Math.max(INSET, Math.min(arenaWidth - INSET, car.x() - BEHIND * ch));
        ey = Math.max(INSET, Math.min(arenaHeight - INSET, car.y() - BEHIND * sh));
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

    /** Whether the floor edge (x0,y0)->(x1,y1) of an anticlockwise outline faces the eye. */
    boolean faces(double x0, double y0, double x1, double y1) {
        // The outward normal of an anticlockwise edge is (dy, -dx).
        double nx = y1 - y0;
        double ny = -(x1 - x0);
        return nx * (ex - x0) + ny * (ey - y0) > 0;
    }

    /** The squared floor distance from the eye to {@code car}, for drawing far to near. */
    double distanceSquared(CarPose car) {
        double dx = car.x() - ex;
        double dy = car.y() - ey;
        return dx * dx + dy * dy;
    }

    /** Sets corner {@code i} of the next polygon. */
    void corner(int i, double x, double y, double z) {
        wx[i] = x;
        wy[i] = y;
        wz[i] = z;
    }

    /** Fills the polygon of the first n world corners, clipped at the near plane. */
    void fill(int n, Color colour) {
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

    /** Draws a world segment in the current colour, cut at the near plane. */
    void segment(double x0, double y0, double z0, double x1, double y1, double z1) {
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
}
