package io.confchat.chat.internal.group;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Key backups kept in memory, for the engine's unit tests (a login keeps them in the DHT). */
final class MemoryBackups implements BackupStore {
    private final Map<String, byte[]> backups = new ConcurrentHashMap<>();

    /** Backups of a test's member, written at once, at time 0. */
    static GroupBackups of() {
        return new GroupBackups(new MemoryBackups(), () -> 0L);
    }

    @Override
    public CompletableFuture<Optional<byte[]>> read(String groupIdHex) {
        return CompletableFuture.completedFuture(Optional.ofNullable(backups.get(groupIdHex)));
    }

    @Override
    public CompletableFuture<Void> write(String groupIdHex, byte[] plaintext) {
        backups.put(groupIdHex, plaintext.clone());
        return CompletableFuture.completedFuture(null);
    }
}
