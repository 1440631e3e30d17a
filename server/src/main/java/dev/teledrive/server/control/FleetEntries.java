package dev.teledrive.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.teledrive.api.CommandSpec;
import dev.teledrive.api.ParameterSpec;
import dev.teledrive.api.Vocabulary;
import dev.teledrive.server.vehicles.VehicleStatus;
import java.util.List;
import java.util.Locale;

/**
 * Writes the fleet's entries that {@code hello} and {@code state} both carry: each vehicle with its
 * cameras, and the vocabulary of commands a page turns into buttons. Kept apart from the messages
 * around them because these are the long, field-by-field parts of PROTOCOL.md.
 */
final class FleetEntries {

    private final ObjectMapper mapper;

    FleetEntries(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JsonNode vehicles(List<FleetView.Entry> entries, CameraDirectory cameras) {
        var array = mapper.createArrayNode();
        for (FleetView.Entry e : entries) {
            VehicleStatus s = e.status();
            ObjectNode v = array.addObject();
            v.put("id", s.id());
            v.put("name", s.name());
            v.put("connected", s.connected());
            v.put("state", s.state().name().toLowerCase(Locale.ROOT));
            if (s.reason() != null) {
                v.put("reason", s.reason());
            }
            v.put("driven", e.driven());
            v.put("queue", e.queue());
            var ids = v.putArray("cameras");
            var cameraStatus = v.putArray("cameraStatus");
            for (CameraDirectory.Entry c : cameras.camerasOf(s.id())) {
                ids.add(c.id());
                cameraStatus
                        .addObject()
                        .put("id", c.id())
                        .put("state", c.state())
                        .put("reason", c.reason());
            }
        }
        return array;
    }

    JsonNode vocabulary(Vocabulary vocabulary) {
        var array = mapper.createArrayNode();
        if (vocabulary == null) {
            return array;
        }
        for (CommandSpec c : vocabulary.commands()) {
            ObjectNode cmd = array.addObject();
            cmd.put("name", c.name());
            cmd.put("label", c.label());
            cmd.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
            var params = cmd.putArray("parameters");
            for (ParameterSpec p : c.parameters()) {
                ObjectNode param = params.addObject();
                param.put("name", p.name());
                param.put("label", p.label());
                param.put("type", p.type().name().toLowerCase(Locale.ROOT));
                if (p.min() != null) {
                    param.put("min", p.min());
                }
                if (p.max() != null) {
                    param.put("max", p.max());
                }
                if (p.step() != null) {
                    param.put("step", p.step());
                }
                if (p.unit() != null) {
                    param.put("unit", p.unit());
                }
                param.put("required", p.required());
                if (p.defaultValue() != null) {
                    param.set("default", mapper.valueToTree(p.defaultValue()));
                }
                if (!p.choices().isEmpty()) {
                    var choices = param.putArray("choices");
                    p.choices().forEach(choices::add);
                }
            }
            if (c.key() != null) {
                cmd.put("key", c.key());
            }
        }
        return array;
    }
}
