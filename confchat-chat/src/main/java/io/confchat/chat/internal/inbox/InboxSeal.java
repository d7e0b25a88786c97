package io.confchat.chat.internal.inbox;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.crypto.Hpke;
import io.confchat.chat.internal.proto.InboxItem;
import io.confchat.chat.internal.proto.SealedMessage;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.chat.internal.records.Transcript;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Seals an offline message for its recipient and opens it again. The message is signed by the
 * sender inside the encryption (so only the recipient learns it is genuine), sealed with HPKE
 * base mode to the recipient's X25519 inbox key, and carried by an inbox record that the sender
 * also signs (so storing nodes can charge the sender's quota).
 */
public final class InboxSeal {
    private static final byte[] HPKE_INFO = "confchat/inbox/v1".getBytes(StandardCharsets.US_ASCII);
    private static final String SIGNATURE_TAG = "confchat/inbox-message/v1";

    private InboxSeal() {}

    /** The inbox record carrying {@code message} from {@code sender} to {@code recipient}. */
    public static SignedRecord seal(Account sender, UserKeys recipient, ChatMessage message) {
        return seal(sender, recipient, message, new SecureRandom());
    }

    /** The same, the HPKE ephemeral key drawn from {@code random}. */
    public static SignedRecord seal(Account sender, UserKeys recipient, ChatMessage message, SecureRandom random) {
        return seal(sender, recipient, message, new byte[0], random);
    }

    /**
     * The inbox record carrying a group envelope (a control item of group.proto) from {@code
     * sender} to {@code recipient}; {@code carrier} gives its id and time, its text is not sent.
     */
    public static SignedRecord sealGroup(
            Account sender, UserKeys recipient, ChatMessage carrier, byte[] envelope, SecureRandom random) {
        if (envelope.length == 0) {
            throw new IllegalArgumentException("an empty group envelope");
        }
        return seal(sender, recipient, carrier, envelope, random);
    }

    private static SignedRecord seal(
            Account sender, UserKeys recipient, ChatMessage message, byte[] group, SecureRandom random) {
        byte[] id = message.id().toBytes();
        SealedMessage unsigned = SealedMessage.newBuilder()
                .setSender(sender.username())
                .setSenderIdentityKey(ByteString.copyFrom(sender.identity().publicKey()))
                .setRecipient(recipient.username())
                .setMessageId(ByteString.copyFrom(id))
                .setSentAtMillis(message.sentAt().toEpochMilli())
                .setText(group.length == 0 ? message.text() : "")
                .setGroup(ByteString.copyFrom(group))
                .build();
        byte[] signature = sender.identity().sign(signingInput(unsigned, recipient.identityKey()));
        byte[] plaintext = unsigned.toBuilder()
                .setSignature(ByteString.copyFrom(signature))
                .build()
                .toByteArray();
        Hpke.Sealed sealed =
                Hpke.seal(recipient.inboxKey(), HPKE_INFO, aad(recipient.identityKey(), id), plaintext, random);
        byte[] item = InboxItem.newBuilder()
                .setEncapsulatedKey(ByteString.copyFrom(sealed.encapsulatedKey()))
                .setCiphertext(ByteString.copyFrom(sealed.ciphertext()))
                .build()
                .toByteArray();
        return sender.signer()
                .sign(
                        RecordKeys.inbox(recipient.identityKey()),
                        RecordTypes.INBOX,
                        id,
                        1,
                        RecordTypes.INBOX_TTL.toSeconds(),
                        item);
    }

    /**
     * Opens an inbox record addressed to {@code recipient}: decrypts it and checks that the
     * sender's signature covers it, that the signer is the record's owner, and that the id is
     * the record's slot. The claimed sender name is returned with the signing key, to be
     * checked against the sender's user record.
     *
     * @return empty for anything that is not a genuine message to this recipient
     */
    public static Optional<Opened> open(Account recipient, SignedRecord record) {
        Optional<InboxItem> item = Payloads.inboxItem(record);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        byte[] id = record.slot();
        byte[] identity = recipient.identity().publicKey();
        SealedMessage m;
        try {
            byte[] plain = Hpke.open(
                    recipient.inbox(),
                    HPKE_INFO,
                    aad(identity, id),
                    item.get().getEncapsulatedKey().toByteArray(),
                    item.get().getCiphertext().toByteArray());
            m = SealedMessage.parseFrom(plain);
        } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        byte[] senderKey = m.getSenderIdentityKey().toByteArray();
        boolean genuine = record.isOwnedBy(senderKey)
                && Arrays.equals(m.getMessageId().toByteArray(), id)
                && m.getRecipient().equals(recipient.username())
                && m.getText().getBytes(StandardCharsets.UTF_8).length <= ChatMessage.MAX_TEXT_BYTES
                && (m.getText().isEmpty() != m.getGroup().isEmpty()) // a text, or a group item
                && Ed25519KeyPair.verify(
                        senderKey,
                        signingInput(m.toBuilder().clearSignature().build(), identity),
                        m.getSignature().toByteArray());
        if (!genuine) {
            return Optional.empty();
        }
        ChatMessage message = new ChatMessage(
                MessageId.of(id),
                m.getSender(),
                recipient.username(),
                Instant.ofEpochMilli(m.getSentAtMillis()),
                m.getText(),
                true);
        return Optional.of(new Opened(message, senderKey, m.getGroup().toByteArray()));
    }

    private static byte[] signingInput(SealedMessage m, byte[] recipientIdentity) {
        Transcript t = Transcript.tagged(SIGNATURE_TAG)
                .add(m.getSender())
                .add(m.getSenderIdentityKey().toByteArray())
                .add(m.getRecipient())
                .add(recipientIdentity)
                .add(m.getMessageId().toByteArray())
                .add(m.getSentAtMillis())
                .add(m.getText());
        if (!m.getGroup().isEmpty()) {
            t.add(m.getGroup().toByteArray()); // absent from a text's input: its signature is unchanged
        }
        return t.bytes();
    }

    private static byte[] aad(byte[] recipientIdentity, byte[] messageId) {
        return Transcript.tagged("confchat/inbox-aad/v1")
                .add(recipientIdentity)
                .add(messageId)
                .bytes();
    }

    /**
     * A decrypted, signature-checked message and the key that signed it; {@code group} is a group
     * envelope (then the message's text is empty and is not shown), or empty for a text.
     */
    public record Opened(ChatMessage message, byte[] senderIdentityKey, byte[] group) {
        /** True when the item carries a group envelope rather than a text. */
        public boolean isGroup() {
            return group.length > 0;
        }
    }
}
