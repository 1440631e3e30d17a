package dev.teledrive.bench;

import java.time.Duration;
import java.util.Map;

/**
 * Many connections that only watch, run by {@link CrowdProcess} in a JVM of their own: a crowd
 * that shared the drivers' JVM put its own collector pauses and socket backlog into the drivers'
 * round trips, where real spectators, on machines of their own, put nothing.
 */
interface Crowd extends AutoCloseable {

    /** Waits until every member has had what it watches once: the crowd has settled. */
    void awaitSettled(Duration limit) throws InterruptedException;

    /** Forgets what came so far and counts from now. */
    void startCounting();

    /** Stops counting and says what came while it counted. */
    Map<String, Object> stopCounting();

    /** Closes every connection. */
    @Override
    void close();
}
