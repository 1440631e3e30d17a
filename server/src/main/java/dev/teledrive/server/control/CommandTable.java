package dev.teledrive.server.control;

import java.util.Map;

/**
 * Which code handles a message, by its {@code command}: the protocol's own commands by name, any
 * other name the vehicle's vocabulary. Only the commands marked open work before a connection
 * has authenticated.
 */
final class CommandTable {

    /** Handles one message for one connection; a refusal is thrown and answered as an error. */
    @FunctionalInterface
    interface Handler {
        void handle(ControlSession session, ClientMessage message) throws ProtocolException;
    }

    /**
     * A protocol command: its handler, whether it works before authentication, and whether it
     * works for a connection with no vehicle selected (a server that started with no plugins).
     */
    record Entry(Handler handler, boolean open, boolean withoutVehicle) {}

    private final Map<String, Entry> commands;
    private final Handler vocabulary;

    /**
     * @param commands   the protocol's own commands by name
     * @param vocabulary every other command: the vehicle's
     */
    CommandTable(Map<String, Entry> commands, Handler vocabulary) {
        this.commands = Map.copyOf(commands);
        this.vocabulary = vocabulary;
    }

    /** Works before authentication, with or without a vehicle. */
    static Entry open(Handler handler) {
        return new Entry(handler, true, true);
    }

    /** Works once authenticated, on the connection's own vehicle. */
    static Entry authenticated(Handler handler) {
        return new Entry(handler, false, false);
    }

    /** Works once authenticated, with or without a vehicle selected. */
    static Entry withoutVehicle(Handler handler) {
        return new Entry(handler, false, true);
    }

    void dispatch(ControlSession session, ClientMessage message) throws ProtocolException {
        Entry entry = commands.get(message.command());
        if ((entry == null || !entry.open()) && !session.authenticated()) {
            throw new ProtocolException(
                    ErrorCode.UNAUTHORIZED, "authenticate first: send {\"command\":\"auth\",\"token\":\"...\"}");
        }
        if ((entry == null || !entry.withoutVehicle()) && session.vehicle() == null) {
            throw new ProtocolException(
                    ErrorCode.VEHICLE_UNAVAILABLE,
                    "no vehicle is selected: select one of the vehicles listed, or add a vehicle plugin to the"
                            + " plugins folder");
        }
        (entry == null ? vocabulary : entry.handler()).handle(session, message);
    }
}
