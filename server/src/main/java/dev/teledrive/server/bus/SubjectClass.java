package dev.teledrive.server.bus;

import java.util.Locale;

/**
 * What a subject carries, for the traffic counters of {@code /metrics}: heartbeats, relayed
 * connections, telemetry or video ({@link Subjects} has the scheme); anything else is {@code other}.
 */
public enum SubjectClass {
    ALIVE,
    RELAY,
    TELEMETRY,
    VIDEO,
    OTHER;

    /** The class of a subject of this scheme, by its fourth token ({@code td.site.NAME.alive}, ...). */
    public static SubjectClass of(String subject) {
        int first = subject.indexOf('.');
        int second = first < 0 ? -1 : subject.indexOf('.', first + 1);
        int third = second < 0 ? -1 : subject.indexOf('.', second + 1);
        if (third < 0) {
            return OTHER;
        }
        int end = subject.indexOf('.', third + 1);
        String kind = end < 0 ? subject.substring(third + 1) : subject.substring(third + 1, end);
        return switch (kind) {
            case "alive" -> ALIVE;
            case "to" -> RELAY;
            case "telemetry" -> TELEMETRY;
            case "video", "watch" -> VIDEO; // a hub's watch lease is video's own traffic
            default -> OTHER;
        };
    }

    /** The name in metrics' tags: {@code alive}, {@code relay}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
