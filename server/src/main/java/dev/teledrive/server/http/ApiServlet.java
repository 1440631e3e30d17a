package dev.teledrive.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The read-only REST API: each path maps to a supplier of a value that is written as JSON.
 * Anything else under the servlet is a JSON 404, and anything but GET or HEAD a 405.
 */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ObjectMapper mapper;
    private final transient Map<String, Supplier<Object>> routes;

    ApiServlet(ObjectMapper mapper, Map<String, Supplier<Object>> routes) {
        this.mapper = mapper;
        this.routes = Map.copyOf(routes);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Supplier<Object> route = routes.get(
                request.getRequestURI().substring(request.getContextPath().length()));
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
        mapper.writeValue(response.getOutputStream(), route.get());
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
