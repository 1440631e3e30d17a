package dev.teledrive.plugins.simulator.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.plugins.simulator.CarPose;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chase camera's geometry: where the eye sits, what faces it, what the near plane cuts. */
class PinholeCameraTest {

    private final BufferedImage picture = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
    private final Graphics2D g = picture.createGraphics();
    private final PinholeCamera eye = new PinholeCamera(g, 160, 120);

    @AfterEach
    void dispose() {
        g.dispose();
    }

    @Test
    void theHorizonIsAboveTheMiddleSinceTheCameraLooksDown() {
        assertTrue(eye.horizon() > 0 && eye.horizon() < 60, "horizon at row " + eye.horizon());
    }

    @Test
    void theEyeSitsBehindTheCarAndSeesTheBackOfItsOutlineOnly() {
        // A car at (1, 1) heading along +x: the eye is 0.45 behind it, at x = 0.55.
        eye.follow(new CarPose("a", 1, 1, 0, 0, 0), 2, 2);
        assertEquals(0.45 * 0.45, eye.distanceSquared(new CarPose("a", 1, 1, 0, 0, 0)), 1e-9);
        // Anticlockwise edges: the rear edge (x = 0.9, going -y) faces the eye, the front (x = 1.1, going +y) does not.
        assertTrue(eye.faces(0.9, 1.05, 0.9, 0.95));
        assertFalse(eye.faces(1.1, 0.95, 1.1, 1.05));
    }

    @Test
    void theEyeStaysInsideTheArenaWhenTheCarBacksOntoAWall() {
        eye.follow(new CarPose("a", 0.1, 1, 0, 0, 0), 2, 2);
        // Pulled in to 0.02 from the wall instead of 0.35 outside it.
        assertEquals(0.08 * 0.08, eye.distanceSquared(new CarPose("a", 0.1, 1, 0, 0, 0)), 1e-9);
    }

    @Test
    void aPolygonAheadIsDrawnAndOneBehindTheEyeIsCutAway() {
        eye.follow(new CarPose("a", 1, 1, 0, 0, 0), 2, 2);
        square(1.3, Color.RED);
        assertTrue(painted(Color.RED), "a floor square ahead shows");

        square(0.2, Color.BLUE);
        assertFalse(painted(Color.BLUE), "a floor square behind the eye does not");
    }

    private void square(double x, Color colour) {
        eye.corner(0, x - 0.1, 0.9, 0);
        eye.corner(1, x + 0.1, 0.9, 0);
        eye.corner(2, x + 0.1, 1.1, 0);
        eye.corner(3, x - 0.1, 1.1, 0);
        eye.fill(4, colour);
    }

    private boolean painted(Color colour) {
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                if (picture.getRGB(x, y) == colour.getRGB()) {
                    return true;
                }
            }
        }
        return false;
    }
}
