package dev.teledrive.iracer.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IRacerCommandTest {

    private static final Map<Integer, Direction> TABLE = Map.of(
            0x0,
            Direction.STOP,
            0x1,
            Direction.AHEAD,
            0x2,
            Direction.REVERSE,
            0x3,
            Direction.LEFT,
            0x4,
            Direction.RIGHT,
            0x5,
            Direction.AHEAD_LEFT,
            0x6,
            Direction.AHEAD_RIGHT,
            0x7,
            Direction.REVERSE_LEFT,
            0x8,
            Direction.REVERSE_RIGHT);

    @Test
    void everyByteDecodesAsTheCarReadsIt() {
        for (int b = 0; b <= 0xFF; b++) {
            IRacerCommand c = IRacerCommand.decode(b);
            int nibble = b >> 4;
            assertEquals(TABLE.getOrDefault(nibble, Direction.STOP), c.direction(), "byte " + b);
            assertEquals(b & 0xF, c.speed(), "byte " + b);
            if (nibble <= 0x8) {
                assertEquals(b, c.encode(), "defined codes round-trip: byte " + b);
            } else {
                assertTrue(c.isStop(), "undefined direction codes stop: byte " + b);
            }
        }
    }

    @Test
    void everyDirectionAndSpeedEncodesToOneByte() {
        for (Direction d : Direction.values()) {
            for (int speed = 0; speed <= 15; speed++) {
                int b = new IRacerCommand(d, speed).encode();
                assertEquals(d.code() * 16 + speed, b);
                assertEquals(new IRacerCommand(d, speed), IRacerCommand.decode(b));
            }
        }
        assertEquals(0x00, IRacerCommand.STOP.encode());
        assertEquals(0x1F, new IRacerCommand(Direction.AHEAD, 15).encode());
        assertEquals(0x8A, new IRacerCommand(Direction.REVERSE_RIGHT, 10).encode());
    }

    @Test
    void refusesWhatIsNotAByteOrANibble() {
        assertThrows(IllegalArgumentException.class, () -> IRacerCommand.decode(256));
        assertThrows(IllegalArgumentException.class, () -> IRacerCommand.decode(-1));
        assertThrows(IllegalArgumentException.class, () -> new IRacerCommand(Direction.AHEAD, 16));
        assertThrows(IllegalArgumentException.class, () -> Direction.ofCode(16));
    }
}
