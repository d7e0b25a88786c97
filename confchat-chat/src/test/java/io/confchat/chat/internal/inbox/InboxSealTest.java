package io.confchat.chat.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.crypto.Hpke;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.proto.InboxItem;
import io.confchat.chat.internal.proto.SealedMessage;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.chat.internal.records.Transcript;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Offline messages: what only the sender can write and only the recipient can read. The attacks
 * are built here byte for byte, as a malicious user would, with the same primitives.
 */
class InboxSealTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Account alice = account("alice");
    private final Account bob = account("bob");
    private final Account carol = account("carol");
    private final ChatMessage hello = new ChatMessage(
            MessageId.random(RANDOM), "alice", "bob", Instant.parse("2026-11-29T10:00:00Z"), "meet at noon", true);

    @Test
    void aSealedMessage_opensForItsRecipient_asItsSender() {
        var opened = InboxSeal.open(bob, InboxSeal.seal(alice, bob.publicKeys(), hello));

        assertThat(opened).hasValueSatisfying(o -> {
            assertThat(o.message().text()).isEqualTo("meet at noon");
            assertThat(o.message().from()).isEqualTo("alice");
            assertThat(o.senderIdentityKey()).isEqualTo(alice.identity().publicKey());
        });
        assertThat(InboxSeal.open(carol, InboxSeal.seal(alice, bob.publicKeys(), hello)))
                .as("sealed to bob")
                .isEmpty();
    }

    @Test
    void bobResealingAlicesSignedMessageToCarol_isRefusedByCarol() {
        SealedMessage aliceSigned = openedPlaintext(bob, InboxSeal.seal(alice, bob.publicKeys(), hello));

        SignedRecord unchanged = resealedByBob(aliceSigned, UnaryOperator.identity());
        SignedRecord readdressed = resealedByBob(
                aliceSigned, m -> m.toBuilder().setRecipient("carol").build());

        assertThat(InboxSeal.open(carol, unchanged))
                .as("alice wrote to bob, not to carol")
                .isEmpty();
        assertThat(InboxSeal.open(carol, readdressed))
                .as("alice's signature names bob's key")
                .isEmpty();
    }

    /** What bob reads of the inbox item alice sealed to him: her signed message. */
    private static SealedMessage openedPlaintext(Account recipient, SignedRecord record) {
        try {
            InboxItem item = InboxItem.parseFrom(record.payload());
            byte[] plain = Hpke.open(
                    recipient.inbox(),
                    "confchat/inbox/v1".getBytes(StandardCharsets.US_ASCII),
                    aad(recipient.identity().publicKey(), record.slot()),
                    item.getEncapsulatedKey().toByteArray(),
                    item.getCiphertext().toByteArray());
            return SealedMessage.parseFrom(plain);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Bob seals alice's signed message (changed by {@code edit}) to carol, in a record of his own. */
    private SignedRecord resealedByBob(SealedMessage aliceSigned, UnaryOperator<SealedMessage> edit) {
        byte[] id = aliceSigned.getMessageId().toByteArray();
        byte[] carolKey = carol.identity().publicKey();
        Hpke.Sealed sealed = Hpke.seal(
                carol.inbox().publicKey(),
                "confchat/inbox/v1".getBytes(StandardCharsets.US_ASCII),
                aad(carolKey, id),
                edit.apply(aliceSigned).toByteArray());
        byte[] item = InboxItem.newBuilder()
                .setEncapsulatedKey(ByteString.copyFrom(sealed.encapsulatedKey()))
                .setCiphertext(ByteString.copyFrom(sealed.ciphertext()))
                .build()
                .toByteArray();
        return bob.signer()
                .sign(RecordKeys.inbox(carolKey), RecordTypes.INBOX, id, 1, RecordTypes.INBOX_TTL.toSeconds(), item);
    }

    private static byte[] aad(byte[] recipientIdentity, byte[] messageId) {
        return Transcript.tagged("confchat/inbox-aad/v1")
                .add(recipientIdentity)
                .add(messageId)
                .bytes();
    }

    private static Account account(String name) {
        byte[] storageKey = new byte[32];
        RANDOM.nextBytes(storageKey);
        return new Account(name, Ed25519KeyPair.generate(RANDOM), X25519KeyPair.generate(RANDOM), storageKey);
    }
}
