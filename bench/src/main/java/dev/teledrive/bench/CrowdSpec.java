package dev.teledrive.bench;

import java.net.URI;
import java.util.List;

/**
 * What a {@link CrowdProcess} is to run, as it crosses to the child in JSON: spectators of cars,
 * or viewers of a camera.
 *
 * @param kind               {@code spectators} or {@code viewers}
 * @param url                the server's control WebSocket
 * @param token              the access token, or {@code null}
 * @param count              members (full-speed viewers, for {@code viewers})
 * @param cars               spectators: the cars they spread over
 * @param watch              viewers: the watch message
 * @param slowBytesPerSecond viewers: the slow viewer's reading rate
 * @param yields             runs at a lower CPU priority (nice 10), so that where it shares a core
 *                           with the drivers' client it gives way, as spectators at machines of their
 *                           own take nothing from a driver's. Spectators do: twenty paced drivers need
 *                           little CPU, and without it their p50 was 1.1 ms instead of 0.4 ms. Viewers
 *                           do not: beside a driver that sends flat out, a yielding crowd's collector
 *                           got a tenth of the core, stretching its pauses to 150 ms.
 */
record CrowdSpec(
        String kind,
        URI url,
        String token,
        int count,
        List<String> cars,
        String watch,
        long slowBytesPerSecond,
        boolean yields) {

    static CrowdSpec spectators(URI url, String token, List<String> cars, int count) {
        return new CrowdSpec("spectators", url, token, count, cars, null, 0, true);
    }

    static CrowdSpec viewers(URI url, String token, String watch, int count, long slowBytesPerSecond) {
        return new CrowdSpec("viewers", url, token, count, List.of(), watch, slowBytesPerSecond, false);
    }
}
