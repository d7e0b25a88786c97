package io.confchat.chat.internal.records;

import io.confchat.api.SignedRecord;
import io.confchat.dht.record.RecordValidator;
import io.confchat.dht.record.TypeLimits;
import java.nio.charset.StandardCharsets;
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
 *   <li>{@code directory}: one listing per username, by the owner of its first listing (the first
 *       directory, which clients no longer write; kept for older clients);
 *   <li>{@code name}: one listing per username and page, by the owner of its first listing; one
 *       name per owner and page; a full page ({@link NamePages#capacity}) refuses other names;
 *       small records ({@link #NAME_LIMITS});
 *   <li>{@code presence}: short-lived, under the owner's own key;
 *   <li>{@code inbox}: at most {@link #MAX_ITEMS_PER_SENDER} waiting items per sender and inbox,
 *       none the inbox's owner already acknowledged;
 *   <li>{@code inbox-ack}: only the inbox's owner; deletes the items it names;
 *   <li>{@code history}, {@code chats}: the first owner of the key wins;
 *   <li>{@code group-keys}: the first owner of the key wins; records of at most {@link
 *       #GROUP_KEYS_LIMITS} (one per group and user).
 * </ul>
 */
public final class ChatValidators {
    /** Most offline messages one sender may have waiting in one inbox. */
    public static final int MAX_ITEMS_PER_SENDER = 64;

    /**
     * Byte limits of name entries: records of at most 512 bytes, a page at most 320 bytes per name
     * (so the DHT's fair share, 1/16 of the key, is about 20 names of one sender, and its reserved
     * last quarter opens near 200 names), a quarter of a node's store.
     */
    public static final TypeLimits NAME_LIMITS = new TypeLimits(512, 320L * NamePages.PREFIX_PAGE_NAMES, 25);

    /**
     * Byte limits of a group key backup: a record of at most 48 KiB of plaintext (a 16 KiB
     * membership and 2 chain positions of each of 99 other members: about 41 KiB) plus its seal
     * and the record's envelope; at most a quarter of a node's store. No key limit of its own: the
     * key's first owner is its only writer, and a node lets one owner fill 1/16 of a key (64 KiB
     * by default), which holds one backup of the largest size and not two. A key limit of two
     * records made that share 6 KiB, and every backup over it was refused by every node (a group of
     * 100 makes backups of about 14 KiB).
     */
    public static final TypeLimits GROUP_KEYS_LIMITS =
            new TypeLimits(49 * 1024 + 512, TypeLimits.DEFAULT.maxKeyBytes(), 25);

    private ChatValidators() {}

    /** Every chat record type with its validator. */
    public static Map<String, RecordValidator> all() {
        return Map.of(
                RecordTypes.USER, rule(RecordTypes.LONG_LIVED, Payloads::user, ChatValidators::firstOwnerOfKey),
                RecordTypes.DIRECTORY,
                        rule(RecordTypes.LONG_LIVED, Payloads::directoryEntry, ChatValidators::firstOwnerOfSlot),
                RecordTypes.NAME,
                        rule(RecordTypes.LONG_LIVED, NAME_LIMITS, Payloads::nameEntry, ChatValidators::pageRoom),
                RecordTypes.PRESENCE, rule(RecordTypes.MAX_PRESENCE_TTL, Payloads::presence, (c, e) -> null),
                RecordTypes.INBOX, rule(RecordTypes.INBOX_TTL, Payloads::inboxItem, ChatValidators::inboxRoom),
                RecordTypes.INBOX_ACK, new AckValidator(),
                RecordTypes.HISTORY, rule(RecordTypes.LONG_LIVED, Payloads::sealed, ChatValidators::firstOwnerOfKey),
                RecordTypes.CHATS, rule(RecordTypes.LONG_LIVED, Payloads::sealed, ChatValidators::firstOwnerOfKey),
                RecordTypes.GROUP_KEYS,
                        rule(
                                RecordTypes.LONG_LIVED,
                                GROUP_KEYS_LIMITS,
                                Payloads::sealed,
                                ChatValidators::firstOwnerOfKey));
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

    /**
     * The first lister of a name keeps it; an owner lists one name per page (its own); a page
     * with {@link NamePages#capacity} other names is full, except for the name its prefix spells,
     * which has no deeper page to go to.
     */
    private static String pageRoom(SignedRecord candidate, List<SignedRecord> existing) {
        int others = 0;
        for (SignedRecord r : existing) {
            if (!r.type().equals(RecordTypes.NAME)) {
                continue;
            }
            boolean sameName = Arrays.equals(r.slot(), candidate.slot());
            boolean sameOwner = r.isOwnedBy(candidate.ownerPublicKey());
            if (sameName && !sameOwner) {
                return NamePages.LISTED_BY_ANOTHER;
            }
            if (!sameName && sameOwner) {
                return "an owner lists one name per page";
            }
            if (!sameName) {
                others++;
            }
        }
        String page = Payloads.nameEntry(candidate).orElseThrow().getPage();
        boolean ownPrefix = page.equals(new String(candidate.slot(), StandardCharsets.UTF_8));
        return others >= NamePages.capacity(page) && !ownPrefix ? NamePages.FULL : null;
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
        return rule(maxTtl, TypeLimits.DEFAULT, payload, check);
    }

    private static RecordValidator rule(
            Duration maxTtl,
            TypeLimits limits,
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

            @Override
            public TypeLimits limits() {
                return limits;
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
