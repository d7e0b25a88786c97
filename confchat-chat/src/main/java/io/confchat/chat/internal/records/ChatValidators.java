package io.confchat.chat.internal.records;

import io.confchat.api.SignedRecord;
import io.confchat.dht.record.RecordValidator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The rules every storing node applies to chat records (docs/wire-protocol.md#chat-records-chatproto), registered per type on the
 * node. Each refuses a payload {@link Payloads} does not accept, then:
 *
 * <ul>
 *   <li>{@code user}: the first owner of a username wins;
 *   <li>{@code directory}: one listing per username, by the owner of its first listing;
 *   <li>{@code presence}: short-lived, under the owner's own key;
 *   <li>{@code inbox}: at most {@link #MAX_ITEMS_PER_SENDER} waiting items per sender and inbox,
 *       none the inbox's owner already acknowledged;
 *   <li>{@code inbox-ack}: only the inbox's owner; deletes the items it names;
 *   <li>{@code history}, {@code chats}: the first owner of the key wins.
 * </ul>
 */
public final class ChatValidators {
    /** Most offline messages one sender may have waiting in one inbox. */
    public static final int MAX_ITEMS_PER_SENDER = 64;

    private ChatValidators() {}

    /** Every chat record type with its validator. */
    public static Map<String, RecordValidator> all() {
        return Map.of(
                RecordTypes.USER, rule(RecordTypes.LONG_LIVED, Payloads::user, ChatValidators::firstOwnerOfKey),
                RecordTypes.DIRECTORY,
                        rule(RecordTypes.LONG_LIVED, Payloads::directoryEntry, ChatValidators::firstOwnerOfSlot),
                RecordTypes.PRESENCE, rule(RecordTypes.MAX_PRESENCE_TTL, Payloads::presence, (c, e) -> null),
                RecordTypes.INBOX, rule(RecordTypes.INBOX_TTL, Payloads::inboxItem, ChatValidators::inboxRoom),
                RecordTypes.INBOX_ACK, new AckValidator(),
                RecordTypes.HISTORY, rule(RecordTypes.LONG_LIVED, Payloads::sealed, ChatValidators::firstOwnerOfKey),
                RecordTypes.CHATS, rule(RecordTypes.LONG_LIVED, Payloads::sealed, ChatValidators::firstOwnerOfKey));
    }

    private static String firstOwnerOfKey(SignedRecord candidate, List<SignedRecord> existing) {
        for (SignedRecord r : existing) {
            if (r.type().equals(candidate.type()) && !r.isOwnedBy(candidate.ownerPublicKey())) {
                return candidate.type().equals(RecordTypes.USER)
                        ? "the username is taken"
                        : "the key belongs to another owner";
            }
        }
        return null;
    }

    private static String firstOwnerOfSlot(SignedRecord candidate, List<SignedRecord> existing) {
        for (SignedRecord r : existing) {
            if (Arrays.equals(r.slot(), candidate.slot()) && !r.isOwnedBy(candidate.ownerPublicKey())) {
                return "the username is listed by another owner";
            }
        }
        return null;
    }

    private static String inboxRoom(SignedRecord candidate, List<SignedRecord> existing) {
        int waiting = 0;
        for (SignedRecord r : existing) {
            if (r.type().equals(RecordTypes.INBOX_ACK) && Payloads.acknowledges(r, candidate)) {
                return "the recipient already acknowledged this message";
            }
            if (r.type().equals(RecordTypes.INBOX)
                    && r.isOwnedBy(candidate.ownerPublicKey())
                    && !r.sameSlotAs(candidate)) {
                waiting++;
            }
        }
        return waiting >= MAX_ITEMS_PER_SENDER
                ? "the sender has " + MAX_ITEMS_PER_SENDER + " messages waiting in this inbox"
                : null;
    }

    /**
     * A validator that refuses undecodable payloads, then asks {@code check} for a reason to
     * refuse (null = accept).
     */
    private static RecordValidator rule(
            Duration maxTtl,
            Function<SignedRecord, Optional<?>> payload,
            BiFunction<SignedRecord, List<SignedRecord>, String> check) {
        return new RecordValidator() {
            @Override
            public Verdict validate(SignedRecord candidate, List<SignedRecord> existing) {
                if (payload.apply(candidate).isEmpty()) {
                    return Verdict.reject("malformed " + candidate.type() + " record");
                }
                String refusal = check.apply(candidate, existing);
                return refusal == null ? Verdict.ACCEPT : Verdict.reject(refusal);
            }

            @Override
            public Duration maxTtl() {
                return maxTtl;
            }
        };
    }

    /** Acknowledgements: only by the inbox's owner (checked by the payload), retracting items. */
    private static final class AckValidator implements RecordValidator {
        @Override
        public Verdict validate(SignedRecord candidate, List<SignedRecord> existing) {
            return Payloads.inboxAck(candidate).isPresent()
                    ? Verdict.ACCEPT
                    : Verdict.reject("malformed acknowledgement, or not by the inbox's owner");
        }

        @Override
        public List<SlotRef> retractions(SignedRecord accepted) {
            return Payloads.inboxAck(accepted)
                    .map(a -> a.getItemsList().stream()
                            .map(i -> new SlotRef(
                                    i.getSenderIdentityKey().toByteArray(),
                                    i.getMessageId().toByteArray()))
                            .toList())
                    .orElse(List.of());
        }

        @Override
        public Duration maxTtl() {
            return RecordTypes.INBOX_TTL;
        }
    }
}
