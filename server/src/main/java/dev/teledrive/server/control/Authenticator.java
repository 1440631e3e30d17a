package dev.teledrive.server.control;

import dev.teledrive.server.config.HostSettings;
import dev.teledrive.server.security.AuthThrottle;
import dev.teledrive.server.security.Tokens;
import java.time.Duration;
import java.util.Optional;

/** Turns a token into a role, and makes an address that keeps guessing wait (see {@link AuthThrottle}). */
final class Authenticator {

    private final HostSettings.Access access;
    private final AuthThrottle throttle;

    Authenticator(HostSettings.Access access, AuthThrottle throttle) {
        this.access = access;
        this.throttle = throttle;
    }

    /** Whether connections must prove a token before they do anything but ping. */
    boolean required() {
        return access.required();
    }

    /** The role a new connection starts with: anyone may drive where access control is off. */
    Role initialRole() {
        return access.required() ? Role.NONE : Role.DRIVER;
    }

    /**
     * The role this token gives a connection from this address.
     *
     * @throws ProtocolException {@code rate_limited} while the address is locked out, {@code unauthorized}
     *                           for a token that is none of the configured ones
     */
    Role authenticate(String token, String address) throws ProtocolException {
        Optional<Duration> wait = throttle.lockout(address);
        if (wait.isPresent()) {
            throw new ProtocolException(
                    ErrorCode.RATE_LIMITED,
                    "too many wrong tokens from your address: try again in "
                            + Math.max(1, wait.get().toSeconds()) + " s");
        }
        if (Tokens.matches(token, access.adminToken())) {
            return Role.ADMIN;
        }
        if (Tokens.matches(token, access.driverToken())) {
            return Role.DRIVER;
        }
        if (Tokens.matches(token, access.spectatorToken())) {
            return Role.SPECTATOR;
        }
        throttle.failed(address);
        throw new ProtocolException(ErrorCode.UNAUTHORIZED, "that token is not valid");
    }
}
