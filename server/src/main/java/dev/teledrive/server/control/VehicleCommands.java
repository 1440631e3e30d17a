package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.teledrive.api.Command;
import dev.teledrive.api.CommandKind;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.InvalidCommandException;
import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.vehicles.VehicleRegistry;
import dev.teledrive.server.vehicles.VehicleRunner;
import java.time.Duration;
import java.util.Optional;

/** {@code select}, and every command of the selected vehicle's vocabulary: checked, bound, handed to the vehicle. */
final class VehicleCommands {

    private final VehicleRegistry vehicles;
    private final HostSettings settings;
    private final Seat seat;
    private final MessageCodec codec;
    private final Replies replies;

    VehicleCommands(VehicleRegistry vehicles, HostSettings settings, Seat seat, MessageCodec codec, Replies replies) {
        this.vehicles = vehicles;
        this.settings = settings;
        this.seat = seat;
        this.codec = codec;
        this.replies = replies;
    }

    void select(ControlSession session, ClientMessage message) throws ProtocolException {
        if (!session.admin()) {
            seat.require(session, "select a vehicle");
        }
        JsonNode vehicle = message.field("vehicle");
        if (vehicle == null || !vehicle.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "'select' needs a string 'vehicle'");
        }
        vehicles.select(vehicle.textValue())
                .whenComplete((ignored, failure) -> replies.done(session, message, failure));
    }

    /** A command of the selected vehicle's vocabulary. */
    void vocabulary(ControlSession session, ClientMessage message) throws ProtocolException {
        VehicleRunner vehicle = vehicles.selected()
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
        seat.require(session, "drive");
        Duration duration = spec.kind() == CommandKind.TIMED
                ? session.duration(message.field("duration"), settings.maxDurationFor(vehicle.id()))
                : null;
        Command command;
        try {
            command = spec.bind(codec.parameters(message, spec), duration);
        } catch (InvalidCommandException e) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, e.getMessage());
        }
        vehicle.execute(command, spec.kind(), failure -> replies.done(session, message, failure));
    }
}
