package dev.teledrive.plugins.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.teledrive.iracer.protocol.Direction;
import dev.teledrive.iracer.protocol.IRacerCommand;
import org.junit.jupiter.api.Test;

class CarPhysicsTest {

    private final SimulatorSettings settings = SimulatorSettings.DEFAULTS;
    private final CarPhysics car = new CarPhysics(settings);

    @Test
    void startsInTheMiddleFacingUp() {
        assertEquals(2.0, car.x(), 1e-9);
        assertEquals(1.5, car.y(), 1e-9);
        assertEquals(Math.PI / 2, car.heading(), 1e-9);
        assertEquals(0, car.speed());
    }

    @Test
    void acceleratesQuicklyButNotInstantly() {
        car.command(new IRacerCommand(Direction.AHEAD, 15));
        car.step(0.05);
        assertTrue(car.speed() > 0 && car.speed() < 0.5, "after 50 ms: " + car.speed());
        car.step(0.3);
        assertEquals(1.5, car.speed(), 1e-9, "top speed within a third of a second");
        assertTrue(car.y() > 1.5);
        assertEquals(2.0, car.x(), 1e-9, "straight ahead stays on its line");
    }

    @Test
    void speedFollowsTheLevelWithTheLowLevelsBarelyMoving() {
        car.command(new IRacerCommand(Direction.AHEAD, 10));
        car.step(0.5);
        assertEquals(1.0, car.speed(), 1e-9);
        car.command(new IRacerCommand(Direction.AHEAD, 2));
        car.step(0.5);
        assertEquals(1.5 * 2 / 15 * 0.25, car.speed(), 1e-9);
    }

    @Test
    void reverseHasNegativeSpeedAndBacksUp() {
        car.command(new IRacerCommand(Direction.REVERSE, 15));
        car.step(0.5);
        assertEquals(-1.5, car.speed(), 1e-9);
        assertTrue(car.y() < 1.5);
    }

    @Test
    void stopBrakesToAStandstill() {
        car.command(new IRacerCommand(Direction.AHEAD, 15));
        car.step(0.5);
        car.command(IRacerCommand.STOP);
        car.step(0.05);
        assertTrue(car.speed() > 0, "braking takes a moment");
        car.step(0.2);
        assertEquals(0, car.speed());
        double y = car.y();
        car.step(1);
        assertEquals(y, car.y(), 1e-12);
    }

    @Test
    void aheadRightDrivesAClockwiseCircleOfTheTurningRadius() {
        var big = new SimulatorSettings(20, 20, 1.5, 5.0, 0.5, 20, 12, 15);
        var circling = new CarPhysics(big);
        circling.command(new IRacerCommand(Direction.AHEAD_RIGHT, 15));
        circling.step(0.5); // up to speed
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        for (int i = 0; i < 500; i++) {
            circling.step(0.01);
            minX = Math.min(minX, circling.x());
            maxX = Math.max(maxX, circling.x());
        }
        assertEquals(1.0, maxX - minX, 0.02, "the circle's diameter is twice the radius");
        assertTrue(circling.heading() < Math.PI / 2 || circling.heading() > 0, "it turned");
    }

    @Test
    void rightGoingAheadTurnsClockwise() {
        car.command(new IRacerCommand(Direction.AHEAD_RIGHT, 15));
        car.step(0.3);
        assertTrue(car.heading() < Math.PI / 2, "heading decreases clockwise: " + car.heading());
        assertTrue(car.x() > 2.0, "and the car drifts right");
    }

    @Test
    void leftAndRightTurnOnTheSpot() {
        car.command(new IRacerCommand(Direction.LEFT, 15));
        car.step(0.5);
        assertEquals(2.0, car.x(), 1e-9);
        assertEquals(1.5, car.y(), 1e-9);
        assertTrue(car.heading() > Math.PI / 2, "left is counter-clockwise");
        car.command(new IRacerCommand(Direction.RIGHT, 15));
        car.step(2);
        assertTrue(car.heading() < Math.PI / 2);
    }

    @Test
    void stopsAtEveryWallAndNeverLeaves() {
        for (Direction d :
                new Direction[] {Direction.AHEAD, Direction.REVERSE, Direction.AHEAD_LEFT, Direction.REVERSE_RIGHT}) {
            var c = new CarPhysics(settings);
            c.command(new IRacerCommand(d, 15));
            for (int i = 0; i < 200; i++) {
                c.step(0.25);
                assertInside(c);
            }
        }
        car.command(new IRacerCommand(Direction.AHEAD, 15));
        car.step(5);
        assertEquals(3.0 - CarPhysics.HALF_LENGTH, car.y(), 1e-9);
        assertEquals(0, car.speed());
        assertTrue(car.atWall());
        car.command(IRacerCommand.STOP);
        car.step(0.1);
        assertTrue(car.atWall(), "still at the wall");
        car.command(new IRacerCommand(Direction.REVERSE, 15));
        car.step(0.2);
        assertFalse(car.atWall(), "until it moves away");
    }

    @Test
    void aHugeStepCannotTunnelThroughAWall() {
        car.command(new IRacerCommand(Direction.AHEAD, 15));
        car.step(1_000);
        assertInside(car);
    }

    private static void assertInside(CarPhysics c) {
        assertTrue(
                c.x() >= CarPhysics.HALF_LENGTH - 1e-9 && c.x() <= 4.0 - CarPhysics.HALF_LENGTH + 1e-9, "x " + c.x());
        assertTrue(
                c.y() >= CarPhysics.HALF_LENGTH - 1e-9 && c.y() <= 3.0 - CarPhysics.HALF_LENGTH + 1e-9, "y " + c.y());
    }
}
