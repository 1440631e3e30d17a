/**
 * The load client behind {@code bin/teledrive-bench}: measures a running drive server (Teledrive
 * or a peer speaking the same protocol subset) over real WebSockets, and Teledrive's own start-up,
 * idle cost and safety stops. Each mode prints one JSON line, so runs compare by script.
 */
package dev.teledrive.bench;
