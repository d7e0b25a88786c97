package io.confchat.chat.internal.group;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the user's key backups of its groups live ({@link GroupBackups}): sealed records in the DHT
 * in a login ({@code GroupKeysStore}); memory in the engine's unit tests.
 */
interface BackupStore {
    /** The newest backup of the group {@code groupIdHex} (its plaintext), if any. */
    CompletableFuture<Optional<byte[]>> read(String groupIdHex);

    /** Stores {@code plaintext} as the group's backup in place of the one before. */
    CompletableFuture<Void> write(String groupIdHex, byte[] plaintext);
}
