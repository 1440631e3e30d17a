package dev.teledrive.server.bus;

import dev.teledrive.server.config.ConfigurationException;
import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * A login with a user's nkey alone (no JWT): the NATS server's {@code authorization} lists the public
 * key, this process signs the server's nonce with the seed. The seed is read from its file at each
 * login (so a replaced file counts from the next reconnect), not kept. The file holds the seed as
 * {@code nk -gen user} writes it (one line, {@code SU...}), or inside the
 * {@code -----BEGIN USER NKEY SEED-----} block of a {@code .creds} file.
 */
final class NkeySeedFile implements AuthHandler {

    private static final String HOW =
            "give a file holding one user seed (SU..., as `nk -gen user` writes it) or the .creds file nsc wrote";

    private final Path file;

    NkeySeedFile(Path file) {
        this.file = file;
    }

    /**
     * The public key of the seed in this file, which the NATS server must list.
     *
     * @throws ConfigurationException when the file holds no valid user seed
     */
    static String publicKey(Path file) {
        NKey key = key(file);
        try {
            return new String(key.getPublicKey());
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigurationException(
                    "the NATS credentials file " + file + " (nats.credentials) holds no valid nkey seed: " + HOW);
        } finally {
            key.clear();
        }
    }

    @Override
    public byte[] sign(byte[] nonce) {
        NKey key = key(file);
        try {
            return key.sign(nonce);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("signing the NATS nonce with the seed in " + file + " failed", e);
        } finally {
            key.clear();
        }
    }

    @Override
    public char[] getID() {
        return publicKey(file).toCharArray();
    }

    @Override
    public char[] getJWT() {
        return null; // an nkey user has none: the server knows its public key
    }

    private static NKey key(Path file) {
        char[] seed = seed(file);
        try {
            NKey key = NKey.fromSeed(seed);
            if (key.getType() != NKey.Type.USER) {
                throw new ConfigurationException("the nkey seed in " + file + " (nats.credentials) is of type "
                        + key.getType() + ", not a user's: " + HOW);
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "the NATS credentials file " + file + " (nats.credentials) holds no valid nkey seed: " + HOW);
        } finally {
            Arrays.fill(seed, '\0');
        }
    }

    /** The first line that looks like a seed: {@code S}, then the key's type. */
    private static char[] seed(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the NATS credentials file " + file + " cannot be read", e);
        }
        try {
            for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\\R")) {
                String trimmed = line.strip();
                if (trimmed.length() > 2 && trimmed.charAt(0) == 'S') {
                    return trimmed.toCharArray();
                }
            }
            throw new ConfigurationException(
                    "the NATS credentials file " + file + " (nats.credentials) holds no nkey seed: " + HOW);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
