package dev.teledrive.server.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks on server replies shared by the protocol tests. */
public final class ProtocolAssertions {

    private ProtocolAssertions() {}

    /** The reply is an {@code error} with this code, a sentence, and the given id (or none). */
    public static void assertError(JsonNode reply, String code, Object id) {
        assertEquals("error", reply.path("type").asText(), reply.toString());
        assertEquals(code, reply.path("code").asText(), reply.toString());
        assertFalse(reply.path("message").asText().isBlank(), "an error says why: " + reply);
        if (id == null) {
            assertTrue(reply.path("id").isMissingNode(), reply.toString());
        } else {
            assertEquals(String.valueOf(id), reply.path("id").asText(), reply.toString());
        }
    }
}
