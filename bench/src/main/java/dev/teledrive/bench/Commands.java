package dev.teledrive.bench;

/**
 * The drive commands a benchmark sends: the same alternation of {@code up} and {@code stop} with
 * a 0.1 s duration as {@code ../shared/bench/client/load.js}, so both clients load a server alike.
 */
final class Commands {

    private static final String UP_HEAD = "{\"command\":\"up\",\"duration\":0.1,\"id\":";
    private static final String STOP_HEAD = "{\"command\":\"stop\",\"duration\":0.1,\"id\":";

    private Commands() {}

    static String drive(long id) {
        return ((id & 1) == 1 ? UP_HEAD : STOP_HEAD) + id + "}";
    }
}
