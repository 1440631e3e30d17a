package dev.teledrive.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only REST API: each path maps to a value that is written as JSON. Where access control
 * is on, every path but {@code /healthz} needs a token ({@link ApiAccess}), and only the admin sees
 * file system paths. Anything else under the servlet is a JSON 404, and anything but GET or HEAD a
 * 405.
 */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ObjectMapper mapper;
    private final transient Map<String, ApiRoute> routes;
    private final transient ApiAccess access;

    ApiServlet(ObjectMapper mapper, Map<String, ApiRoute> routes, ApiAccess access) {
        this.mapper = mapper;
        this.routes = Map.copyOf(routes);
        this.access = access;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<ApiAccess.Reader> reader = RestApi.HEALTH.equals(path)
                ? Optional.of(ApiAccess.Reader.TOKEN)
                : access.check(request, response, false);
        if (reader.isEmpty()) {
            return;
        }
        ApiRoute route = routes.get(path);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (route == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            mapper.writeValue(
                    response.getOutputStream(),
                    new ApiError(
                            "not_found", "no such resource; try /api/vehicles, /api/plugins, /api/status or /healthz"));
            return;
        }
        Object value;
        try {
            value = route.read(reader.get().seesPaths());
        } catch (ApiRoute.NotHere e) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            mapper.writeValue(response.getOutputStream(), new ApiError("not_found", e.getMessage()));
            return;
        }
        mapper.writeValue(response.getOutputStream(), value);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, jakarta.servlet.ServletException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        super.service(request, response);
    }
}
