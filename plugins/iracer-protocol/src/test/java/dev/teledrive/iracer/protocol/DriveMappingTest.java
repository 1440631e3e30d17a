package dev.teledrive.iracer.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DriveMappingTest {

    private final DriveMapping mapping = new DriveMapping();

    @Test
    void theNineDirectionsByStickAngle() {
        assertEquals(Direction.AHEAD, mapping.map(1, 0).direction());
        assertEquals(Direction.REVERSE, mapping.map(-1, 0).direction());
        assertEquals(Direction.RIGHT, mapping.map(0, 1).direction());
        assertEquals(Direction.LEFT, mapping.map(0, -1).direction());
        assertEquals(Direction.AHEAD_RIGHT, mapping.map(0.7, 0.7).direction());
        assertEquals(Direction.AHEAD_LEFT, mapping.map(0.7, -0.7).direction());
        assertEquals(Direction.REVERSE_RIGHT, mapping.map(-0.7, 0.7).direction());
        assertEquals(Direction.REVERSE_LEFT, mapping.map(-0.7, -0.7).direction());
        assertEquals(IRacerCommand.STOP, mapping.map(0, 0));
    }

    @Test
    void sectorBoundariesSitHalfwayBetweenDirections() {
        double justAhead = Math.tan(Math.toRadians(22));
        double justDiagonal = Math.tan(Math.toRadians(23));
        assertEquals(Direction.AHEAD, mapping.map(1, justAhead).direction());
        assertEquals(Direction.AHEAD_RIGHT, mapping.map(1, justDiagonal).direction());
        assertEquals(Direction.REVERSE, mapping.map(-1, -justAhead).direction());
        assertEquals(Direction.REVERSE_LEFT, mapping.map(-1, -justDiagonal).direction());
    }

    @Test
    void theDeadZoneStops() {
        assertEquals(IRacerCommand.STOP, mapping.map(0.1, 0.1));
        assertEquals(IRacerCommand.STOP, mapping.map(-0.14, 0));
        assertEquals(Direction.AHEAD, mapping.map(0.16, 0).direction());
    }

    @Test
    void speedScalesFromOneToTheMaximum() {
        assertEquals(1, mapping.map(0.16, 0).speed());
        assertEquals(15, mapping.map(1, 0).speed());
        assertEquals(8, mapping.map(0.6, 0).speed());
        assertEquals(15, mapping.map(-1, 0).speed());
        assertEquals(15, mapping.map(0, -1).speed(), "turning on the spot takes its speed from the steer");
        for (double t = 0.15; t <= 1.0; t += 0.01) {
            int speed = mapping.map(t, 0).speed();
            assertEquals(true, speed >= 1 && speed <= 15, "t=" + t);
        }
    }

    @Test
    void aLowerMaximumCapsTheSpeed() {
        var gentle = new DriveMapping(6, 0.15);
        assertEquals(6, gentle.map(1, 0).speed());
        assertEquals(6, gentle.map(-1, 1).speed());
        assertThrows(IllegalArgumentException.class, () -> new DriveMapping(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new DriveMapping(16, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new DriveMapping(10, 1));
    }

    @Test
    void outOfRangeAndNotANumberAreHandledSafely() {
        assertEquals(new IRacerCommand(Direction.AHEAD, 15), mapping.map(5, 0));
        assertEquals(IRacerCommand.STOP, mapping.map(Double.NaN, Double.NaN));
    }
}
