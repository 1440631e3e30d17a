package dev.teledrive.server.hubs;

/**
 * A hub's client as its WebSocket endpoint sees it ({@link HubEndpoint}): what arrives from the
 * browser goes to its {@link HubConnection}, after the endpoint's {@link ClientGate}.
 */
public final class HubClient {

    private final HubConnection connection;
    private final HubClients clients;

    HubClient(HubConnection connection, HubClients clients) {
        this.connection = connection;
        this.clients = clients;
    }

    public void text(String json) {
        connection.fromClient(json);
    }

    /** Binary frames are not part of the protocol: answered as on a plain server. */
    public void binary() {
        connection.binary();
    }

    /** A {@code stop} beyond the gate's bucket for stops: sent on unless the car is stopped already. */
    public void repeatedStop(String json) {
        connection.repeatedStop(json);
    }

    /** A reply the hub writes itself (a refusal at its gate), in order with the site's frames. */
    public void reply(String json) {
        connection.reply(json);
    }

    /** The client is gone, or about to be: the site lets go of it. Only the first call counts. */
    public void closed() {
        clients.forget(connection.id());
    }

    /** The client sent a frame over the size limit: it is closed with 1009 once its replies are out. */
    public void oversized() {
        connection.oversized();
    }
}
