package dev.teledrive.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.teledrive.server.control.ControlService;
import dev.teledrive.server.plugins.HotPlugins;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The owner's REST actions, with {@code Authorization: Bearer <adminToken>}: plugin management for
 * hosts whose plugins folder is not writable ({@code POST /api/admin/plugins/{id}/enable|disable|reload};
 * {@code GET /api/plugins} lists them), and each vehicle's turns
 * ({@code POST /api/admin/vehicles/{id}/skip|pause|resume}; {@code GET /api/vehicles} shows them).
 */
final class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern ACTION = Pattern.compile("/plugins/([^/]+)/(enable|disable|reload)");
    private static final Pattern TURNS = Pattern.compile("/vehicles/([^/]+)/(skip|pause|resume)");

    private final transient HotPlugins plugins;
    private final transient ControlService control;
    private final transient Optional<String> adminToken;
    private final transient ApiAccess access;
    private final transient ObjectMapper json = new ObjectMapper();
    private final boolean hub;

    /** @param hub whether this server is a hub, whose vehicles and plugins are its sites' */
    AdminServlet(
            HotPlugins plugins, ControlService control, Optional<String> adminToken, ApiAccess access, boolean hub) {
        this.hub = hub;
        this.plugins = plugins;
        this.control = control;
        this.adminToken = adminToken;
        this.access = access;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (hub) {
            reply(
                    response,
                    404,
                    new ApiError(
                            "not_found",
                            "a hub has no plugins or seats of its own: use the admin API on the site's own port,"
                                    + " with the vehicle's plain id (simulator, not simulator@home)"));
            return;
        }
        if (adminToken.isEmpty()) {
            reply(
                    response,
                    403,
                    new ApiError(
                            "forbidden",
                            "plugin management over REST needs an admin token: set TELEDRIVE_ADMIN_TOKEN"));
            return;
        }
        if (access.check(request, response, true).isEmpty()) {
            return; // answered: 401, or 429 while the address is locked out
        }
        Matcher turns = TURNS.matcher(String.valueOf(request.getPathInfo()));
        if (turns.matches()) {
            turns(response, turns.group(1), turns.group(2));
            return;
        }
        Matcher m = ACTION.matcher(String.valueOf(request.getPathInfo()));
        if (!m.matches()) {
            reply(
                    response,
                    404,
                    new ApiError(
                            "not_found",
                            "use POST /api/admin/plugins/{id}/enable, /disable or /reload, or"
                                    + " /api/admin/vehicles/{id}/skip, /pause or /resume"));
            return;
        }
        String id = m.group(1);
        String action = m.group(2);
        HotPlugins.Outcome outcome = switch (action) {
            case "enable" -> plugins.enable(id);
            case "disable" -> plugins.disable(id);
            default -> plugins.reload(id);
        };
        if (outcome == HotPlugins.Outcome.UNKNOWN) {
            reply(response, 404, new ApiError("not_found", "no plugin '" + id + "' is loaded from the plugins folder"));
            return;
        }
        reply(response, 200, new ActionResult(id, action, outcome == HotPlugins.Outcome.DONE ? "done" : "unchanged"));
    }

    private void turns(HttpServletResponse response, String vehicle, String action) throws IOException {
        if (!control.desk().hasVehicle(vehicle)) {
            reply(response, 404, new ApiError("not_found", "there is no vehicle '" + vehicle + "'"));
            return;
        }
        String result = switch (action) {
            case "skip" -> control.desk().skip(vehicle) ? "done" : "unchanged";
            case "pause" -> {
                control.desk().pause(vehicle, true);
                yield "done";
            }
            default -> {
                control.desk().pause(vehicle, false);
                yield "done";
            }
        };
        reply(response, 200, new VehicleActionResult(vehicle, action, result));
    }

    private void reply(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), body);
    }

    /**
     * The reply to an action the admin asked for.
     *
     * @param result {@code done}, or {@code unchanged} when the plugin already was as asked
     */
    record ActionResult(String plugin, String action, String result) {}

    /**
     * The reply to a turn action the admin asked for.
     *
     * @param result {@code done}, or {@code unchanged} for a skip with no turn to end
     */
    record VehicleActionResult(String vehicle, String action, String result) {}
}
