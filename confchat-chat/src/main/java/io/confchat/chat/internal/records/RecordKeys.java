package io.confchat.chat.internal.records;

import io.confchat.api.DhtKey;
import io.confchat.chat.internal.crypto.Hkdf;
import io.confchat.chat.internal.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where each chat record lives in the DHT (docs/wire-protocol.md#chat-records-chatproto).
 *
 * <p>Keys of records that only their owner may write are derived from the owner's identity key
 * ({@code presence/}, {@code inbox/}), so a storing node can check the owner against the key
 * itself. Keys of private records ({@code history/}, {@code chats/}) are derived from the owner's
 * secret storage key, so nobody else can tell whose records they are or with whom
 * ({@code history/}, {@code chats/}, {@code group-keys/}).
 */
public final class RecordKeys {
    /**
     * Number of shards of the first directory (type {@code directory}, which clients no longer
     * write): one per first hex digit of SHA-256(username).
     */
    public static final int DIRECTORY_SHARDS = 16;

    private static final HexFormat HEX = HexFormat.of();

    private RecordKeys() {}

    public static DhtKey user(String username) {
        return DhtKey.hash("user/" + username);
    }

    public static DhtKey presence(byte[] identityKey) {
        return DhtKey.hash("presence/" + HEX.formatHex(identityKey));
    }

    public static DhtKey inbox(byte[] identityKey) {
        return DhtKey.hash("inbox/" + HEX.formatHex(identityKey));
    }

    /** The directory shard a username is listed in. */
    public static DhtKey directory(String username) {
        return directoryShard(Sha256.digest(username.getBytes(StandardCharsets.UTF_8))[0] >>> 4 & 0xf);
    }

    /** Every directory shard, for listing all users. */
    public static List<DhtKey> directoryShards() {
        List<DhtKey> shards = new ArrayList<>(DIRECTORY_SHARDS);
        for (int i = 0; i < DIRECTORY_SHARDS; i++) {
            shards.add(directoryShard(i));
        }
        return shards;
    }

    private static DhtKey directoryShard(int shard) {
        return DhtKey.hash("directory/" + Integer.toHexString(shard));
    }

    /** The key of a page of the user directory (see {@code NamePages}): {@code H("names/" + page)}. */
    public static DhtKey namePage(String page) {
        return DhtKey.hash("names/" + page);
    }

    /** The key of the owner's history with {@code peer}; unguessable without the storage key. */
    public static DhtKey history(byte[] storageKey, String peer) {
        return secret(storageKey, "history", peer);
    }

    /** The key of chunk {@code position} of the owner's history with {@code peer}. */
    public static DhtKey historyChunk(byte[] storageKey, String peer, int position) {
        return secret(storageKey, "history", peer + "/chunk/" + position);
    }

    /** The key of the owner's chat list; unguessable without the storage key. */
    public static DhtKey chats(byte[] storageKey) {
        return secret(storageKey, "chats", "");
    }

    /**
     * The key of the owner's key backup for the group {@code groupIdHex}; unguessable without the
     * storage key (nobody else can tell whose groups they are).
     */
    public static DhtKey groupKeys(byte[] storageKey, String groupIdHex) {
        return secret(storageKey, "group-keys", groupIdHex);
    }

    /** {@code H(prefix + "/" + hex(HMAC(naming key, prefix + "/" + name)))}. */
    private static DhtKey secret(byte[] storageKey, String prefix, String name) {
        byte[] naming = Hkdf.sha256(new byte[0], storageKey, ascii("confchat/record-names/v1"), 32);
        byte[] tag = Hkdf.hmacSha256(naming, (prefix + "/" + name).getBytes(StandardCharsets.UTF_8));
        return DhtKey.hash(prefix + "/" + HEX.formatHex(tag));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
