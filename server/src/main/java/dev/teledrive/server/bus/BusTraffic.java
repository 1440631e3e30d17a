package dev.teledrive.server.bus;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages and bytes this process sent to and heard from NATS, by {@link SubjectClass}: counted in
 * {@link Bus}'s publish and subscribe, a few nanoseconds each, and read when Prometheus scrapes.
 */
public final class BusTraffic {

    /** Which way a message went. */
    public enum Direction {
        IN,
        OUT
    }

    private record Counts(LongAdder messages, LongAdder bytes) {}

    private final Map<Direction, Map<SubjectClass, Counts>> counts = new EnumMap<>(Direction.class);

    BusTraffic() {
        for (Direction d : Direction.values()) {
            Map<SubjectClass, Counts> byClass = new EnumMap<>(SubjectClass.class);
            for (SubjectClass c : SubjectClass.values()) {
                byClass.put(c, new Counts(new LongAdder(), new LongAdder()));
            }
            counts.put(d, byClass);
        }
    }

    void count(Direction direction, String subject, int bytes) {
        Counts c = counts.get(direction).get(SubjectClass.of(subject));
        c.messages().increment();
        c.bytes().add(bytes);
    }

    public long messages(Direction direction, SubjectClass subjects) {
        return counts.get(direction).get(subjects).messages().sum();
    }

    public long bytes(Direction direction, SubjectClass subjects) {
        return counts.get(direction).get(subjects).bytes().sum();
    }
}
