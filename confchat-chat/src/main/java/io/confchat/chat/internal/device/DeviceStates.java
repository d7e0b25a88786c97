package io.confchat.chat.internal.device;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DeviceState} of every user who logged in on this device: in memory, or, with a data
 * directory, each read back from and written to its {@link DeviceJournal}. Thread-safe.
 */
public final class DeviceStates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeviceStates.class);

    private final Map<String, DeviceState> byUser = new ConcurrentHashMap<>();
    private final Map<String, DeviceJournal> journals = new ConcurrentHashMap<>();
    private final long maxUnsavedBytes;
    private final Optional<Path> directory;
    private final SecureRandom random;
    private final long compactAt;

    /** In memory only: what the process remembers. */
    public DeviceStates(long maxUnsavedBytes) {
        this(maxUnsavedBytes, Optional.empty(), new SecureRandom());
    }

    /** @param directory where each user's journal is kept; empty for memory only */
    public DeviceStates(long maxUnsavedBytes, Optional<Path> directory, SecureRandom random) {
        this(maxUnsavedBytes, directory, random, DeviceJournal.COMPACT_AT);
    }

    /**
     * The same, each journal compacted once its file outgrows {@code compactAt} bytes (tests compact
     * small journals; the default is 8 MiB).
     */
    public DeviceStates(long maxUnsavedBytes, Optional<Path> directory, SecureRandom random, long compactAt) {
        this.maxUnsavedBytes = maxUnsavedBytes;
        this.directory = directory;
        this.random = random;
        this.compactAt = compactAt;
    }

    /**
     * The memory of {@code username} on this device; the first time, read back from the user's
     * journal when there is a data directory (sealed with a key from {@code storageKey}). A
     * journal another process holds, or one that cannot be opened, leaves this process with a
     * memory of its own (logged).
     */
    public DeviceState of(String username, byte[] storageKey) {
        return byUser.computeIfAbsent(username, u -> {
            DeviceState state = new DeviceState(maxUnsavedBytes);
            directory.ifPresent(dir -> {
                try {
                    DeviceJournal.open(dir, u, storageKey, random, maxUnsavedBytes, compactAt, state::apply)
                            .ifPresentOrElse(
                                    journal -> {
                                        journals.put(u, journal);
                                        state.writeTo(journal);
                                    },
                                    () -> log.warn(
                                            "another process on this device holds {}'s journal in {}: this one"
                                                    + " remembers what it shows only until it exits",
                                            u,
                                            dir));
                } catch (IOException e) {
                    log.warn("cannot use {}'s journal in {}: {}", u, dir, e.toString());
                }
            });
            return state;
        });
    }

    /** The memory of {@code username}, if the user logged in on this device since it started. */
    public Optional<DeviceState> loaded(String username) {
        return Optional.ofNullable(byUser.get(username));
    }

    /** Makes everything durable and releases the journals. */
    @Override
    public void close() {
        journals.values().forEach(DeviceJournal::close);
        journals.clear();
    }
}
