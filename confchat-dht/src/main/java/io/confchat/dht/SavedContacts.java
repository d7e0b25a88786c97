package io.confchat.dht;

import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing table on disk, so a restarted node rejoins without a bootstrap address: one
 * contact per line, {@code <id hex> <ip> <port>}, replaced atomically (write a temporary file,
 * then rename). Lines that do not parse are skipped: a damaged file costs contacts, never the
 * start. Contacts read back are proven again before they re-enter the table.
 */
final class SavedContacts {
    private static final Logger log = LoggerFactory.getLogger(SavedContacts.class);
    /** Most lines read back, whatever the file holds. */
    static final int MAX_CONTACTS = 256 * 20;

    private final Path file;

    SavedContacts(Path file) {
        this.file = file;
    }

    List<Contact> load() {
        List<Contact> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (out.size() >= MAX_CONTACTS) {
                    break;
                }
                parse(line.trim()).ifPresent(out::add);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not read saved contacts from {}: {}", file, e.toString());
        }
        return out;
    }

    private static Optional<Contact> parse(String line) {
        String[] f = line.split(" ");
        // literal addresses only: InetAddress.getByName must never resolve a name from this file
        if (f.length != 3 || !f[1].matches("[0-9a-fA-F:.]{2,45}")) {
            return Optional.empty();
        }
        try {
            InetAddress ip = InetAddress.getByName(f[1]);
            return Optional.of(new Contact(NodeId.fromHex(f[0]), new InetSocketAddress(ip, Integer.parseInt(f[2]))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void save(List<Contact> contacts) {
        StringBuilder sb = new StringBuilder();
        for (Contact c : contacts) {
            sb.append(c.id().toHex())
                    .append(' ')
                    .append(c.address().getAddress().getHostAddress())
                    .append(' ')
                    .append(c.address().getPort())
                    .append('\n');
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("could not save contacts to {}: {}", file, e.toString());
        }
    }
}
