package io.confchat.cli;

import io.confchat.dht.crypto.Ed25519KeyPair;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A node's Ed25519 private key kept in {@code <data-dir>/node.key} as 32 raw bytes, so that the
 * node id (derived from the public key) stays the same across restarts.
 *
 * <p>Where the file system is POSIX, a directory this class creates is {@code rwx------} and the
 * key file {@code rw-------}. A file of the wrong size is an error, never silently replaced: that
 * would change the node's id.
 */
final class NodeKeyFile {
    static final String FILE_NAME = "node.key";

    private final Path dir;
    private final Path file;

    NodeKeyFile(Path dataDir) {
        this.dir = dataDir;
        this.file = dataDir.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /** The stored key, or a fresh one from {@code random} that is stored first. */
    Ed25519KeyPair loadOrCreate(SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            return load();
        }
        return create(random);
    }

    private Ed25519KeyPair load() throws IOException {
        long size = Files.size(file);
        if (size != Ed25519KeyPair.PRIVATE_KEY_BYTES) {
            throw new IOException(file + " holds " + size + " bytes, not a " + Ed25519KeyPair.PRIVATE_KEY_BYTES
                    + "-byte Ed25519 private key; move it away to start with a new node id");
        }
        byte[] key = Files.readAllBytes(file);
        try {
            return Ed25519KeyPair.fromPrivateKey(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private Ed25519KeyPair create(SecureRandom random) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(dir, posix ? ownerOnly("rwx------") : new FileAttribute<?>[0]);
        Ed25519KeyPair pair = Ed25519KeyPair.generate(random);
        byte[] key = pair.privateKey();
        // Written aside and renamed so that a crash never leaves a truncated key behind.
        Path tmp =
                Files.createTempFile(dir, FILE_NAME, ".tmp", posix ? ownerOnly("rw-------") : new FileAttribute<?>[0]);
        try {
            Files.write(tmp, key);
            Files.move(tmp, file);
            return pair;
        } catch (FileAlreadyExistsException e) {
            // another process created it in the meantime: its key wins
            return load();
        } finally {
            Arrays.fill(key, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        };
    }
}
