package io.confchat.chat.internal.group;

import io.confchat.api.SignedRecord;
import io.confchat.dht.record.RecordValidator;
import io.confchat.dht.record.TypeLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What storing nodes check of group records (registered beside the other chat record rules).
 * They check what a record says about itself; whether a membership epoch may follow the one
 * before is for members to decide ({@link MembershipChain}), as storing nodes do not hold the chain.
 *
 * <ul>
 *   <li>{@code group}: a membership record that decodes, under its epoch's page of its group, in the slot and
 *       with the seq of its epoch, owned and signed by the signer the state names;
 *   <li>{@code group-msg}: a message without a signature of its own that decodes, owned by its
 *       chain id, in the slot of its iteration and under its chain's page, with seq 1 and the
 *       messages' ttl: only the holder of a chain's signing key writes its pages (the record's
 *       signature, which the DHT verifies, is the message's), so a removed member, or anyone
 *       else, cannot fill or squat another member's chain.
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class GroupRecordRules {
    private static final int ENVELOPE_BYTES = 512;

    private GroupRecordRules() {}

    /** The rules by record type. */
    public static Map<String, RecordValidator> all() {
        return Map.of(
                GroupRecords.MEMBERSHIP_TYPE,
                        rule(GroupRecords.MEMBERSHIP_TTL, GroupStates.MAX_RECORD_BYTES, GroupRecordRules::membership),
                GroupRecords.MESSAGE_TYPE,
                        rule(GroupRecords.MESSAGE_TTL, GroupMessageCodec.MAX_MESSAGE_BYTES, GroupRecordRules::message));
    }

    static Optional<String> membership(SignedRecord r) {
        Optional<SignedGroupState> decoded = GroupStates.decode(r.payload());
        if (decoded.isEmpty()) {
            return Optional.of("malformed group record");
        }
        GroupState s = decoded.get().state();
        if (!r.key().equals(GroupRecords.membershipPage(s.groupId(), s.epoch()))) {
            return Optional.of("the record is not under its epoch's page of its group");
        }
        if (!Arrays.equals(r.slot(), GroupRecords.epochSlot(s.epoch())) || r.seq() != s.epoch()) {
            return Optional.of("the slot and seq must be the epoch");
        }
        if (!r.isOwnedBy(s.signerKey()) || !decoded.get().isSignedBySigner()) {
            return Optional.of("not signed by the signer the state names");
        }
        return Optional.empty();
    }

    static Optional<String> message(SignedRecord r) {
        Optional<SealedGroupMessage> decoded = GroupMessageCodec.decodeStored(r.payload(), r.signature());
        if (decoded.isEmpty()) {
            return Optional.of("malformed group message");
        }
        SealedGroupMessage m = decoded.get();
        if (!r.isOwnedBy(m.chainId())) {
            return Optional.of("a chain's messages are stored by its own key");
        }
        if (!Arrays.equals(r.slot(), GroupRecords.iterationSlot(m.iteration()))
                || !r.key().equals(GroupRecords.messagePage(m.chainId(), m.iteration()))) {
            return Optional.of("the message is not in its iteration's slot and page");
        }
        if (r.seq() != GroupRecords.MESSAGE_SEQ || r.ttlSeconds() != GroupRecords.MESSAGE_TTL.toSeconds()) {
            // members verify the signature over these values: a copy with others would not open
            return Optional.of("a message's copy has seq 1 and the messages' ttl");
        }
        return Optional.empty();
    }

    private static RecordValidator rule(
            Duration maxTtl, int maxPayload, java.util.function.Function<SignedRecord, Optional<String>> check) {
        TypeLimits limits = new TypeLimits(maxPayload + ENVELOPE_BYTES, TypeLimits.DEFAULT.maxKeyBytes(), 100);
        return new RecordValidator() {
            @Override
            public Verdict validate(SignedRecord candidate, List<SignedRecord> existing) {
                return check.apply(candidate).map(Verdict::reject).orElse(Verdict.ACCEPT);
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
}
