package dev.teledrive.server.hubs;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.teledrive.server.sites.SiteAnnouncement;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Every site a hub has heard, from their heartbeats: what a hub lists. A site silent for
 * {@link #UNREACHABLE_AFTER} stays listed with its vehicles {@code unreachable}; after the forget
 * period it leaves the list; a heartbeat brings it back (PROTOCOL.md, "Unreachable sites").
 *
 * <p>Time is the monotonic clock given, read only when asked, so the rules are tested by moving a
 * manual clock. A heartbeat that does not parse, names another site than its subject, or is larger
 * than {@link #MAX_BYTES} is refused: the caller counts it and logs it quietly.
 */
public final class SiteDirectory {

    /** How long a site may be silent before its vehicles are unreachable (three missed heartbeats). */
    public static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(3);
    /** The largest heartbeat accepted: a site with a few hundred vehicles fits. */
    public static final int MAX_BYTES = 256 * 1024;

    /** One vehicle as a hub lists it. */
    public record Listed(RemoteId id, SiteAnnouncement.Vehicle vehicle, boolean reachable) {

        /** What every client is told of at once when it changes; seats and queues are told by the sites. */
        public Shown shown() {
            return new Shown(id, reachable, vehicle.name(), vehicle.connected(), vehicle.state(), vehicle.cameras());
        }
    }

    /** The part of a listed vehicle whose change the hub pushes to every client by a {@code state}. */
    public record Shown(
            RemoteId id, boolean reachable, String name, boolean connected, String state, List<String> cameras) {}

    /** Why a heartbeat was refused. */
    public static final class BadHeartbeat extends Exception {
        private static final long serialVersionUID = 1L;

        BadHeartbeat(String message) {
            super(message);
        }
    }

    private record Heard(SiteAnnouncement announcement, long at) {}

    private final LongSupplier nanos;
    private final long forgetAfter;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Map<String, Heard> sites = new TreeMap<>();

    /**
     * @param nanos  the monotonic clock, in nanoseconds
     * @param forget how long an unreachable site stays listed ({@code hub.forgetSeconds})
     */
    public SiteDirectory(LongSupplier nanos, Duration forget) {
        this.nanos = nanos;
        this.forgetAfter = forget.toNanos();
    }

    /**
     * A heartbeat from site {@code site}: the name NATS vouches for, from the subject.
     *
     * @return whether the site is new or back from unreachable, so the hub's connections hear of it
     * @throws BadHeartbeat when the payload is not an announcement of that site
     */
    public synchronized boolean heard(String site, byte[] payload) throws BadHeartbeat {
        if (payload.length > MAX_BYTES) {
            throw new BadHeartbeat("a heartbeat from site '" + site + "' of " + payload.length + " bytes, over the "
                    + MAX_BYTES + " a hub takes");
        }
        SiteAnnouncement announcement;
        try {
            announcement = json.readValue(payload, SiteAnnouncement.class);
        } catch (IOException e) {
            throw new BadHeartbeat("a heartbeat from site '" + site + "' that " + whatIsWrong(e)
                    + " (a site of another Teledrive version, or something else publishing on its subject?)");
        }
        if (announcement == null || !site.equals(announcement.site())) {
            throw new BadHeartbeat("a heartbeat on the subject of site '" + site + "' that names "
                    + (announcement == null || announcement.site() == null
                            ? "no site"
                            : "site '" + announcement.site() + "'"));
        }
        if (announcement.vehicles() == null) {
            throw new BadHeartbeat("a heartbeat from site '" + site + "' without its list of vehicles");
        }
        long now = nanos.getAsLong();
        Heard before = sites.put(site, new Heard(announcement, now));
        return before == null
                || !reachable(before, now)
                || !before.announcement().equals(announcement);
    }

    /**
     * Every vehicle of every site still listed, by site name then the site's own order; sites
     * silent past the forget period are dropped here.
     */
    public synchronized List<Listed> vehicles() {
        long now = nanos.getAsLong();
        sites.values().removeIf(h -> now - h.at() >= forgetAfter);
        List<Listed> listed = new ArrayList<>();
        for (Heard h : sites.values()) {
            boolean reachable = reachable(h, now);
            for (SiteAnnouncement.Vehicle v : h.announcement().vehicles()) {
                listed.add(new Listed(new RemoteId(v.id(), h.announcement().site()), v, reachable));
            }
        }
        return listed;
    }

    /** The sites heard within {@link #UNREACHABLE_AFTER}, by name. */
    public synchronized List<String> reachableSites() {
        long now = nanos.getAsLong();
        return sites.entrySet().stream()
                .filter(e -> reachable(e.getValue(), now))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Whether this site has been heard within {@link #UNREACHABLE_AFTER}. */
    public synchronized boolean reachable(String site) {
        Heard h = sites.get(site);
        return h != null && reachable(h, nanos.getAsLong());
    }

    /** Whether this site is still listed: heard within the forget period, reachable or not. */
    public synchronized boolean listed(String site) {
        Heard h = sites.get(site);
        return h != null && nanos.getAsLong() - h.at() < forgetAfter;
    }

    /**
     * What was wrong with an unreadable heartbeat, in an operator's words: the parser's own message
     * quotes the payload and names its classes, which tells an operator nothing.
     */
    private static String whatIsWrong(IOException e) {
        if (e instanceof JsonEOFException
                || e.getMessage() != null && e.getMessage().startsWith("Unexpected end-of-input")) {
            return "is cut short";
        }
        if (e instanceof JsonParseException) {
            return "is not JSON";
        }
        if (e instanceof MismatchedInputException m) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return field.isEmpty() ? "is not a heartbeat object" : "has a wrong value for '" + field + "'";
        }
        return "could not be read";
    }

    private static boolean reachable(Heard h, long now) {
        return now - h.at() < UNREACHABLE_AFTER.toNanos();
    }
}
