package io.confchat.chat.internal.device;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's memory of one user in a file of its data directory: an append-only log of {@link
 * JournalEntry}s, each sealed by a {@link JournalCipher} (the file holds message texts: it is as
 * private as the history in the DHT), framed as
 *
 * <pre>
 *   length (4 bytes, at most MAX_FRAME) | CRC32C of the sealed bytes (4) | nonce (12) | ciphertext + tag
 * </pre>
 *
 * Reading stops at the first frame that is cut short, fails its CRC or does not open (a write the
 * process died in): the file is truncated there and appending goes on after the last good entry.
 * Once the file outgrows {@link #COMPACT_AT}, it is written anew from the current state (to a
 * temporary file, forced, then moved over the old one). The file is locked while open: a second
 * process of the same user on this device gets none ({@link #open} is empty). Thread-safe.
 */
final class DeviceJournal implements DeviceLog, Closeable {
    private static final Logger log = LoggerFactory.getLogger(DeviceJournal.class);
    /** Size from which the journal is compacted at the next sync. */
    static final long COMPACT_AT = 8L << 20;

    private static final int MIN_FRAME = JournalCipher.NONCE + JournalCipher.TAG_BYTES;
    private static final int MAX_FRAME = MIN_FRAME + JournalEntry.MAX_BYTES;

    private final Path file;
    private final JournalCipher cipher;
    private final long maxUnsavedBytes;
    private final long compactAt;
    private FileChannel channel;
    private FileLock lock;
    private boolean dirty;

    private DeviceJournal(Path file, JournalCipher cipher, long maxUnsavedBytes, long compactAt) {
        this.file = file;
        this.cipher = cipher;
        this.maxUnsavedBytes = maxUnsavedBytes;
        this.compactAt = compactAt;
    }

    /**
     * Opens (or creates) {@code username}'s journal in {@code directory}, hands every entry read to
     * {@code replay} in order, and returns the journal to append to; empty when another process
     * holds it.
     *
     * @param maxUnsavedBytes the device's bound on unsaved messages per conversation, for a compaction
     * @throws IOException when the file cannot be read or written at all
     */
    static Optional<DeviceJournal> open(
            Path directory,
            String username,
            byte[] storageKey,
            SecureRandom random,
            long maxUnsavedBytes,
            Consumer<JournalEntry> replay)
            throws IOException {
        return open(directory, username, storageKey, random, maxUnsavedBytes, COMPACT_AT, replay);
    }

    /** The same, compacted once the file outgrows {@code compactAt} bytes. */
    static Optional<DeviceJournal> open(
            Path directory,
            String username,
            byte[] storageKey,
            SecureRandom random,
            long maxUnsavedBytes,
            long compactAt,
            Consumer<JournalEntry> replay)
            throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("journal-" + hex(username.getBytes(StandardCharsets.UTF_8)));
        DeviceJournal journal =
                new DeviceJournal(file, new JournalCipher(username, storageKey, random), maxUnsavedBytes, compactAt);
        return journal.openFile(replay) ? Optional.of(journal) : Optional.empty();
    }

    private synchronized boolean openFile(Consumer<JournalEntry> replay) throws IOException {
        if (!Files.exists(file)) {
            createPrivate(file);
        }
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return false;
        }
        long good = read(replay);
        if (good == 0 && sealedByAnotherKey()) {
            // not torn: written for another account of this name (re-registered): kept, not reused
            Path aside = file.resolveSibling(file.getFileName() + ".other-key-" + System.nanoTime());
            lock.release();
            channel.close();
            Files.move(file, aside);
            log.warn("device journal {} was sealed with another key: moved to {}", file, aside);
            createPrivate(file);
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
        }
        if (good < channel.size()) {
            log.warn("device journal {}: ignoring {} bytes after the last whole entry", file, channel.size() - good);
            channel.truncate(good);
        }
        channel.position(good);
        return true;
    }

    /** True when the first frame is whole and its CRC holds, but it does not open with this key. */
    private boolean sealedByAnotherKey() throws IOException {
        return frameAt(0).map(frame -> cipher.open(frame).isEmpty()).orElse(false);
    }

    /** Reads entries from the start; returns the position after the last good one. */
    private long read(Consumer<JournalEntry> replay) throws IOException {
        long position = 0;
        for (Optional<byte[]> frame = frameAt(0); frame.isPresent(); frame = frameAt(position)) {
            Optional<JournalEntry> entry = cipher.open(frame.get());
            if (entry.isEmpty()) {
                break;
            }
            replay.accept(entry.get());
            position += 8 + frame.get().length;
        }
        return position;
    }

    /** The sealed bytes of the frame at {@code position}, if it is whole and its CRC holds. */
    private Optional<byte[]> frameAt(long position) throws IOException {
        long size = channel.size();
        if (position + 8 > size) {
            return Optional.empty();
        }
        ByteBuffer header = ByteBuffer.allocate(8);
        channel.read(header, position);
        int length = header.getInt(0);
        if (length < MIN_FRAME || length > MAX_FRAME || position + 8 + length > size) {
            return Optional.empty();
        }
        ByteBuffer sealed = ByteBuffer.allocate(length);
        channel.read(sealed, position + 8);
        return crc32c(sealed.array()) == header.getInt(4) ? Optional.of(sealed.array()) : Optional.empty();
    }

    @Override
    public void seen(byte[] senderKey, MessageId id) {
        append(new JournalEntry.Seen(senderKey, id));
    }

    @Override
    public void group(String group, byte[] state) {
        append(new JournalEntry.GroupState(group, state));
    }

    @Override
    public void groupPosition(String group, byte[] chainId, byte[] position) {
        append(new JournalEntry.GroupPosition(group, chainId, position));
    }

    @Override
    public void groupChain(String group, byte[] chainId, byte[] chain) {
        append(new JournalEntry.GroupChain(group, chainId, chain));
    }

    @Override
    public void unsaved(String peer, ChatMessage message) {
        append(new JournalEntry.Unsaved(peer, message));
    }

    @Override
    public void saved(String peer, long mark) {
        append(new JournalEntry.Saved(peer, mark));
        sync(); // else a restart would save these messages a second time
    }

    @Override
    public synchronized void sync() {
        if (!dirty || channel == null) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
            if (channel.size() > compactAt) {
                compact();
            }
        } catch (IOException e) {
            log.warn("device journal {}: cannot sync: {}", file, e.toString());
        }
    }

    private synchronized void append(JournalEntry entry) {
        if (channel == null) {
            return;
        }
        try {
            write(channel, entry);
            dirty = true;
        } catch (IOException e) {
            log.warn("device journal {}: cannot write: {}", file, e.toString());
        }
    }

    /**
     * Writes the state the journal describes (replayed from the file itself, so no lock but this
     * one is taken) to a new file and moves it over the journal.
     */
    private void compact() throws IOException {
        DeviceState model = new DeviceState(maxUnsavedBytes);
        read(model::apply);
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        createPrivate(fresh);
        try (FileChannel out = FileChannel.open(fresh, StandardOpenOption.WRITE)) {
            for (JournalEntry e : model.entries()) {
                write(out, e);
            }
            out.force(true);
        }
        lock.release();
        channel.close();
        try {
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING);
        }
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lock = channel.tryLock();
        channel.position(channel.size());
    }

    private void write(FileChannel out, JournalEntry entry) throws IOException {
        byte[] sealed = cipher.seal(JournalEntry.encode(entry));
        ByteBuffer frame = ByteBuffer.allocate(8 + sealed.length);
        frame.putInt(sealed.length).putInt(crc32c(sealed)).put(sealed).flip();
        while (frame.hasRemaining()) {
            out.write(frame);
        }
    }

    private static int crc32c(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b);
        return (int) crc.getValue();
    }

    private static void createPrivate(Path p) throws IOException {
        try {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(p);
        }
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return s.toString();
    }

    @Override
    public synchronized void close() {
        if (channel == null) {
            return;
        }
        sync();
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            log.debug("device journal {}: close: {}", file, e.toString());
        }
        channel = null;
    }
}
