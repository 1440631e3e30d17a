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

    /** A protocol command: its handler, and whether it works before authentication. */
    record Entry(Handler handler, boolean open) {}

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

    static Entry open(Handler handler) {
        return new Entry(handler, true);
    }

    static Entry authenticated(Handler handler) {
        return new Entry(handler, false);
    }

    void dispatch(ControlSession session, ClientMessage message) throws ProtocolException {
        Entry entry = commands.get(message.command());
        if ((entry == null || !entry.open()) && !session.authenticated()) {
            throw new ProtocolException(
                    ErrorCode.UNAUTHORIZED, "authenticate first: send {\"command\":\"auth\",\"token\":\"...\"}");
        }
        (entry == null ? vocabulary : entry.handler()).handle(session, message);
    }
}
