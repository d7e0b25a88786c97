package io.confchat.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where the control sockets live and who may use them: {@code <data dir>/control/<user>.sock},
 * the directory owned by this process's user with no permission for anyone else (0700), each
 * socket 0600. Both ends check the directory before use; the server also checks each connecting
 * process's user ({@link ControlServer}). See {@link ControlProtocol}.
 */
final class ControlSockets {
    static final String DIRECTORY = "control";
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_SOCKET = PosixFilePermissions.fromString("rw-------");

    private ControlSockets() {}

    /** The socket of {@code user}'s running node under the data directory {@code dataDir}. */
    static Path socket(Path dataDir, String user) {
        return dataDir.resolve(DIRECTORY).resolve(normalize(user) + ".sock");
    }

    /** A username as the network spells it (NFC, lower case, no surrounding spaces). */
    static String normalize(String user) {
        return Normalizer.normalize(user.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /**
     * Creates the control directory owner-only, or checks the one that exists.
     *
     * @throws IOException if it cannot be created, or exists but is not private to this user
     */
    static Path prepareDirectory(Path dataDir) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dataDir);
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY); // whatever the umask said
            } catch (FileAlreadyExistsException e) {
                // another process made it meanwhile: checked below like any other
            }
        }
        Optional<String> problem = problem(dir);
        if (problem.isPresent()) {
            throw new IOException(problem.get());
        }
        return dir;
    }

    /**
     * What makes {@code dir} unfit to hold control sockets, if anything: not a directory (a
     * symbolic link is refused), owned by another user, or open to the group or others.
     */
    static Optional<String> problem(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory()) {
                return Optional.of(dir + " is not a directory");
            }
            if (!a.owner().equals(currentUser())) {
                return Optional.of(dir + " belongs to " + a.owner().getName() + ", not to you");
            }
            if (!OWNER_ONLY_DIRECTORY.containsAll(a.permissions())) {
                return Optional.of(dir + " is open to other users (" + PosixFilePermissions.toString(a.permissions())
                        + "); it must be rwx------");
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot check " + dir + ": " + e.getMessage());
        }
    }

    /** The user this process runs as. */
    static UserPrincipal currentUser() throws IOException {
        return FileSystems.getDefault()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }
}
