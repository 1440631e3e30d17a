package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.InvalidCommandException;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.seats.Seat;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code select}, and every command of the connection's own vehicle's vocabulary: checked, bound,
 * handed to that vehicle.
 */
final class VehicleCommands {

    private static final Logger LOG = LoggerFactory.getLogger(VehicleCommands.class);

    private final VehicleRegistry vehicles;
    private final HostSettings settings;
    private final Fleet fleet;
    private final MessageReader reader;
    private final Replies replies;
    private final Failures failures;
    private final StateUpdates updates;
    private final ControlEvents events;
    private final java.util.function.LongSupplier nanos;

    VehicleCommands(
            VehicleRegistry vehicles,
            HostSettings settings,
            Fleet fleet,
            MessageReader reader,
            Replies replies,
            Failures failures,
            StateUpdates updates,
            ControlEvents events,
            java.util.function.LongSupplier nanos) {
        this.vehicles = vehicles;
        this.settings = settings;
        this.fleet = fleet;
        this.reader = reader;
        this.replies = replies;
        this.failures = failures;
        this.updates = updates;
        this.events = events;
        this.nanos = nanos;
    }

    /**
     * Chooses the vehicle this connection watches and would drive. A driver gives its old vehicle's
     * seat up first (that vehicle stops) and drives the new one if its seat is free, as a driver
     * switching cars expects; a waiting connection leaves the old queue. Nobody else's selection
     * changes. An unknown vehicle is refused and the connection keeps its own. Answered at once: a
     * vehicle that is not connected starts connecting, and its {@code state} tells how that goes.
     */
    void select(ControlSession session, ClientMessage message) throws ProtocolException {
        JsonNode field = message.field("vehicle");
        if (field == null || !field.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "'select' needs a string 'vehicle'");
        }
        String id = field.textValue();
        VehicleRunner next = vehicles.find(id)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.VEHICLE_UNAVAILABLE,
                        "there is no vehicle '" + id + "'; choose one of "
                                + String.join(
                                        ", ",
                                        vehicles.all().stream()
                                                .map(VehicleRunner::id)
                                                .toList())));
        next.connect(); // first, so no state shows it idle; a failure shows in its state, and the runner logs it
        String previous = session.vehicle();
        if (!id.equals(previous)) {
            boolean drove = fleet.drives(session);
            if (previous != null && fleet.seat(previous).leave(session)) {
                if (drove) {
                    LOG.info("{} leaves '{}' for '{}': stopping it", session, previous, id);
                }
                updates.seatChanged(previous);
            }
            fleet.watch(session, id);
            if (drove && fleet.seat(id).takeIfFree(session)) {
                LOG.info("{} takes the seat of '{}'", session, id);
                updates.seatChanged(id);
            }
        }
        replies.ack(session, message);
        updates.sendState(session);
    }

    /** A command of the connection's own vehicle's vocabulary. */
    void vocabulary(ControlSession session, ClientMessage message) throws ProtocolException {
        VehicleRunner vehicle = vehicles.find(session.vehicle())
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.VEHICLE_UNAVAILABLE,
                        "no vehicle is selected: add a vehicle plugin to the plugins folder"));
        Optional<CommandSpec> found = vehicle.vocabulary().find(message.command());
        if (found.isEmpty()) {
            throw new ProtocolException(
                    ErrorCode.UNKNOWN_COMMAND,
                    "'" + message.command() + "' is not a command of "
                            + vehicle.id() + "; it knows "
                            + String.join(
                                    ", ",
                                    vehicle.vocabulary().commands().stream()
                                            .map(CommandSpec::name)
                                            .toList()));
        }
        CommandSpec spec = found.get();
        long admittedAt = vehicle.admission(); // before the seat check: see Seat's hand-over
        Seat<ControlSession> seat = fleet.requireDriver(session, "drive");
        if (moves(spec.kind())) {
            // Only a command that can move the vehicle keeps a held drive alive and the seat busy:
            // a driver who only pings or stops must not hold the car moving, nor the seat for ever.
            vehicle.driverActivity();
            seat.commandFrom(session);
        }
        Duration duration = spec.kind() == CommandKind.TIMED
                ? session.duration(message.field("duration"), settings.maxDurationFor(vehicle.id()))
                : null;
        Command command;
        try {
            command = spec.bind(reader.parameters(message, spec), duration);
        } catch (InvalidCommandException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, e.getMessage());
        }
        long arrived = nanos.getAsLong();
        session.owed().add();
        try {
            vehicle.execute(command, spec.kind(), admittedAt, failure -> {
                failures.reply(session, message, () -> replies.done(session, message, failure));
                session.owed().settle();
                failures.afterReply(
                        session, message, () -> events.commandAnswered(failure == null, nanos.getAsLong() - arrived));
            });
        } catch (RuntimeException e) {
            session.owed().settle(); // no reply will come from the vehicle
            throw e;
        }
    }

    /** Timed and held commands move the vehicle (raw is timed); a stop or an action does not. */
    private static boolean moves(CommandKind kind) {
        return kind == CommandKind.TIMED || kind == CommandKind.HELD;
    }
}
