package io.confchat.chat.internal.records;

import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.crypto.PasswordKdf;
import io.confchat.chat.internal.proto.AckedItem;
import io.confchat.chat.internal.proto.DirectoryEntry;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.InboxAck;
import io.confchat.chat.internal.proto.InboxItem;
import io.confchat.chat.internal.proto.NameEntry;
import io.confchat.chat.internal.proto.PresenceRecord;
import io.confchat.chat.internal.proto.Sealed;
import io.confchat.chat.internal.proto.Status;
import io.confchat.chat.internal.proto.UserRecord;
import io.netty.util.NetUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Strict decoding of chat record payloads: a payload is returned only when it parses and every
 * field is within its limits and consistent with the record around it (type, key, owner, slot).
 * Storing nodes and readers use the same checks. Anything else is empty, never an exception.
 */
public final class Payloads {
    public static final int KEY_BYTES = 32;
    public static final int MAX_ENDPOINTS = 4;
    public static final int MAX_ACKED_ITEMS = 512;
    /** An inbox item holds one text of at most 16 KiB plus its envelope. */
    public static final int MAX_INBOX_CIPHERTEXT = 20 * 1024;

    public static final byte[] ACK_SLOT = "ack".getBytes(StandardCharsets.US_ASCII);

    private static final int MAX_KEY_BLOB = 512;
    /** Largest payload of a name entry: a 32-character name, its page and a key fit in 120. */
    public static final int MAX_NAME_ENTRY_BYTES = 256;

    private static final int MAX_SALT_CHARS = 64;
    private static final int NONCE_BYTES = 12;

    private Payloads() {}

    /** A user record: the name's key, the owner's identity key, sizes. */
    public static Optional<UserRecord> user(SignedRecord r) {
        if (!r.type().equals(RecordTypes.USER) || r.slot().length != 0) {
            return Optional.empty();
        }
        return parse(r, UserRecord.parser())
                .filter(u -> Usernames.isNormalized(u.getUsername())
                        && r.key().equals(RecordKeys.user(u.getUsername()))
                        && r.isOwnedBy(u.getIdentityKey().toByteArray())
                        && u.getInboxKey().size() == KEY_BYTES
                        && isUsableSalt(u.getKdfSalt())
                        && u.getKeyBlobNonce().size() == NONCE_BYTES
                        && u.getKeyBlob().size() <= MAX_KEY_BLOB);
    }

    /** A bcrypt salt a login can use: well-formed, with a cost of 4..16 (no hour-long logins). */
    private static boolean isUsableSalt(String salt) {
        if (salt.isEmpty() || salt.length() > MAX_SALT_CHARS) {
            return false;
        }
        try {
            PasswordKdf.checkSalt(salt);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A directory entry: slot = username, the username's shard, the owner's identity key. */
    public static Optional<DirectoryEntry> directoryEntry(SignedRecord r) {
        if (!r.type().equals(RecordTypes.DIRECTORY)) {
            return Optional.empty();
        }
        return parse(r, DirectoryEntry.parser())
                .filter(d -> Usernames.isNormalized(d.getUsername())
                        && Arrays.equals(r.slot(), d.getUsername().getBytes(StandardCharsets.UTF_8))
                        && r.key().equals(RecordKeys.directory(d.getUsername()))
                        && r.isOwnedBy(d.getIdentityKey().toByteArray()));
    }

    /**
     * A name entry: at most {@value #MAX_NAME_ENTRY_BYTES} bytes, slot = the username, listed in a
     * page it fits (its everyone page, or a prefix of it of 3 or more characters) under that page's
     * key, by the owner of the identity key it names.
     */
    public static Optional<NameEntry> nameEntry(SignedRecord r) {
        if (!r.type().equals(RecordTypes.NAME) || r.payload().length > MAX_NAME_ENTRY_BYTES) {
            return Optional.empty();
        }
        return parse(r, NameEntry.parser())
                .filter(e -> Usernames.isNormalized(e.getUsername())
                        && Arrays.equals(r.slot(), e.getUsername().getBytes(StandardCharsets.UTF_8))
                        && NamePages.fits(e.getPage(), e.getUsername())
                        && r.key().equals(RecordKeys.namePage(e.getPage()))
                        && r.isOwnedBy(e.getIdentityKey().toByteArray()));
    }

    /**
     * A presence record under its owner's presence key, with at most four IP endpoints (a relayed
     * one names a 32-byte node id).
     */
    public static Optional<PresenceRecord> presence(SignedRecord r) {
        if (!r.type().equals(RecordTypes.PRESENCE)
                || r.slot().length != 0
                || !r.key().equals(RecordKeys.presence(r.ownerPublicKey()))) {
            return Optional.empty();
        }
        return parse(r, PresenceRecord.parser())
                .filter(p -> Usernames.isNormalized(p.getUsername())
                        && p.getStatus() != Status.STATUS_UNSPECIFIED
                        && p.getStatus() != Status.UNRECOGNIZED
                        && p.getEndpointsCount() <= MAX_ENDPOINTS
                        && p.getEndpointsList().stream().allMatch(Payloads::isIpEndpoint)
                        && (p.getSessionKey().isEmpty() || p.getSessionKey().size() == KEY_BYTES));
    }

    private static boolean isIpEndpoint(Endpoint e) {
        return (e.getRelayedNode().isEmpty() || e.getRelayedNode().size() == KEY_BYTES)
                && e.getPort() >= 1
                && e.getPort() <= 65535
                && e.getHost().length() <= 45
                && NetUtil.createByteArrayFromIpAddressString(e.getHost()) != null;
    }

    /** An inbox item: slot = a message id, an encapsulated key and a bounded ciphertext. */
    public static Optional<InboxItem> inboxItem(SignedRecord r) {
        if (!r.type().equals(RecordTypes.INBOX) || r.slot().length != MessageId.BYTES) {
            return Optional.empty();
        }
        return parse(r, InboxItem.parser())
                .filter(i -> i.getEncapsulatedKey().size() == KEY_BYTES
                        && !i.getCiphertext().isEmpty()
                        && i.getCiphertext().size() <= MAX_INBOX_CIPHERTEXT);
    }

    /** An acknowledgement by the inbox's own owner. */
    public static Optional<InboxAck> inboxAck(SignedRecord r) {
        if (!r.type().equals(RecordTypes.INBOX_ACK)
                || !Arrays.equals(r.slot(), ACK_SLOT)
                || !r.key().equals(RecordKeys.inbox(r.ownerPublicKey()))) {
            return Optional.empty();
        }
        return parse(r, InboxAck.parser())
                .filter(a -> a.getItemsCount() <= MAX_ACKED_ITEMS
                        && a.getItemsList().stream().allMatch(Payloads::isAckedItem));
    }

    private static boolean isAckedItem(AckedItem i) {
        return i.getSenderIdentityKey().size() == KEY_BYTES && i.getMessageId().size() == MessageId.BYTES;
    }

    /** True when {@code ack} names {@code item}: the item's owner and slot (message id). */
    public static boolean names(AckedItem ack, SignedRecord item) {
        return item.isOwnedBy(ack.getSenderIdentityKey().toByteArray())
                && Arrays.equals(item.slot(), ack.getMessageId().toByteArray());
    }

    /**
     * True when {@code ack} is a well-formed acknowledgement by the inbox's owner (see {@link
     * #inboxAck}) that names {@code item}.
     */
    public static boolean acknowledges(SignedRecord ack, SignedRecord item) {
        return inboxAck(ack)
                .map(a -> a.getItemsList().stream().anyMatch(i -> names(i, item)))
                .orElse(false);
    }

    /** The encrypted payload of a history or chat-list record. */
    public static Optional<Sealed> sealed(SignedRecord r) {
        if (!r.type().equals(RecordTypes.HISTORY)
                && !r.type().equals(RecordTypes.CHATS)
                && !r.type().equals(RecordTypes.GROUP_KEYS)) {
            return Optional.empty();
        }
        return parse(r, Sealed.parser())
                .filter(s ->
                        s.getNonce().size() == NONCE_BYTES && !s.getCiphertext().isEmpty());
    }

    private static <T> Optional<T> parse(SignedRecord r, com.google.protobuf.Parser<T> parser) {
        try {
            return Optional.of(parser.parseFrom(r.payload()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
