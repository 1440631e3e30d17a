package dev.teledrive.plugins.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.plugins.simulator.camera.ChaseView;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the chase camera draws: the other cars ahead of it, and nothing new while nothing moves. */
class ChaseViewTest {

    private final Arena arena = new Arena(SimulatorSettings.DEFAULTS, List.of("simulator-a", "simulator-b"));
    private final ChaseView view = new ChaseView(arena, 320, 240);

    @Test
    void aCarAheadShowsInItsColourAndACarBehindDoesNot() {
        CarPose a = arena.pose("simulator-a");
        arena.publish(new CarPose("simulator-b", a.x(), a.y() + 0.8, 0, 0, 1));
        assertTrue(bluePixels(view.render("simulator-a", 1)) > 100, "b, blue, stands ahead of a");
        arena.publish(new CarPose("simulator-b", a.x(), a.y() - 0.8, 0, 0, 2));
        assertEquals(0, bluePixels(view.render("simulator-a", 2)), "and now behind the camera");
        assertTrue(bluePixels(view.render("simulator-b", 2)) > 100, "b's own camera sees b");
    }

    @Test
    void itRedrawsOnlyWhenACarMoved() {
        assertTrue(view.renderIfMoved("simulator-a", 1), "the first picture");
        assertFalse(view.renderIfMoved("simulator-a", 2), "nothing moved");
        CarPose b = arena.pose("simulator-b");
        arena.publish(new CarPose("simulator-b", b.x(), b.y(), b.heading() + 0.1, 0, 3));
        assertTrue(view.renderIfMoved("simulator-a", 3), "b turned");
        arena.publish(new CarPose("simulator-b", b.x(), b.y(), b.heading() + 0.1, 0.5, 4));
        assertTrue(view.renderIfMoved("simulator-a", 54), "b drives: drawn where its speed took it since");
        assertTrue(view.renderIfMoved("simulator-a", 64));
    }

    /** Pixels of car b's blue below the horizon (the sky is blue too). */
    private static int bluePixels(BufferedImage image) {
        int count = 0;
        for (int y = image.getHeight() / 4; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (b > r + 80 && b > g + 40) {
                    count++;
                }
            }
        }
        return count;
    }
}
