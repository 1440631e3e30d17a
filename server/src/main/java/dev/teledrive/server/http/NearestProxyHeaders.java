package dev.teledrive.server.http;

import dev.teledrive.server.security.NearestProxy;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Cuts a request's forwarding headers down to what the nearest proxy wrote, ahead of Jetty's
 * {@code ForwardedRequestCustomizer}: that one takes the leftmost {@code X-Forwarded-For} entry,
 * which the client writes itself, so behind nginx's {@code $proxy_add_x_forwarded_for} every
 * per-address rule (caps, lockouts, the REST API's) would count whatever address a client made up.
 */
final class NearestProxyHeaders implements HttpConfiguration.Customizer {

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        HttpFields headers = request.getHeaders();
        List<String> xForwardedFor = headers.getValuesList(HttpHeader.X_FORWARDED_FOR);
        List<String> forwarded = headers.getValuesList(HttpHeader.FORWARDED);
        if (xForwardedFor.isEmpty() && forwarded.isEmpty()) {
            return request;
        }
        Optional<String> client = NearestProxy.client(xForwardedFor, forwarded);
        HttpFields.Mutable trimmed = HttpFields.build(headers);
        trimmed.remove(HttpHeader.X_FORWARDED_FOR);
        trimmed.remove(HttpHeader.FORWARDED);
        if (!xForwardedFor.isEmpty()) {
            client.ifPresent(address -> trimmed.put(HttpHeader.X_FORWARDED_FOR, address));
        } else if (client.isPresent()) {
            trimmed.put(HttpHeader.FORWARDED, lastElement(forwarded));
        }
        HttpFields fixed = trimmed.asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return fixed;
            }
        };
    }

    /** The nearest proxy's own element, which also carries its {@code proto} and {@code host}. */
    private static String lastElement(List<String> lines) {
        String last = "";
        for (String line : lines) {
            for (String element : line.split(",")) {
                if (!element.isBlank()) {
                    last = element.trim();
                }
            }
        }
        return last;
    }
}
