package dev.teledrive.server.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The link to NATS as {@code /api/status} shows it, under {@code nats}.
 *
 * @param role            {@code site} or {@code hub}
 * @param name            this site's or hub's name on the bus
 * @param state           {@code connected}, {@code reconnecting} (NATS away; jnats dials again) or {@code closed}
 * @param server          the NATS server in use, or {@code null} while none is
 * @param roundTripMillis the last sampled round trip to it, or {@code null} while NATS is away
 * @param reconnects      how often the link was lost and made again since start
 * @param dropped         bus messages dropped as oversized or malformed
 * @param sites           at a hub: the sites heard within 3 s
 * @param hubs            at a site: the hubs heard within 3 s
 */
public record BusStatus(
        String role,
        String name,
        String state,
        String server,
        Double roundTripMillis,
        long reconnects,
        long dropped,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> sites,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> hubs) {}
