package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.proto.GroupControl;
import io.confchat.chat.internal.proto.GroupEnvelope;
import io.confchat.chat.internal.proto.GroupMessage;
import io.confchat.chat.internal.proto.GroupReceipt;
import java.util.Arrays;
import java.util.Optional;

/**
 * Strict encoding and decoding of {@code GroupEnvelope} (group.proto), what members send each
 * other over the pairwise channels. The size is checked before parsing; the parts are decoded by
 * their own codecs, with their own limits; anything out of bounds is empty. Stateless.
 */
final class GroupEnvelopes {
    /** Largest envelope: a membership record and a distribution, with framing. */
    static final int MAX_BYTES = 36 * 1024;

    private GroupEnvelopes() {}

    /** What an envelope holds. */
    sealed interface Envelope {
        /** A group message, as stored in the DHT. */
        record Message(SealedGroupMessage message) implements Envelope {}

        /**
         * A control item of the group {@code group}: the sender's newest membership record, named
         * by its {@code epoch} and link {@code membershipHash} and carried whole ({@code membership})
         * where the recipient may need it, and, unless it only tells of a change, the sender's
         * chain; {@code id} names it.
         */
        record Control(
                GroupId group,
                long epoch,
                byte[] membershipHash,
                Optional<SignedGroupState> membership,
                Optional<Distribution> distribution,
                byte[] id)
                implements Envelope {}

        /** The receiver took the control item {@code id} (sent live). */
        record ControlReceipt(byte[] id) implements Envelope {}

        /** The receiver took the message {@code iteration} of {@code chainId}. */
        record Receipt(byte[] groupId, byte[] chainId, int iteration) implements Envelope {}
    }

    static byte[] message(SealedGroupMessage m) {
        try {
            GroupMessage p = GroupMessage.parseFrom(GroupMessageCodec.encode(m));
            return GroupEnvelope.newBuilder().setMessage(p).build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a group message that does not parse back", e);
        }
    }

    /** Length of a control item's id. */
    static final int CONTROL_ID_BYTES = 16;

    /** Length of a membership record's link hash. */
    private static final int HASH_BYTES = 32;

    /** A control item carrying the membership record whole (a change, or a recipient that may not hold the group). */
    static byte[] control(byte[] membershipRecord, Optional<Distribution> distribution, byte[] id) {
        GroupControl.Builder c = GroupControl.newBuilder()
                .setMembership(ByteString.copyFrom(membershipRecord))
                .setControlId(ByteString.copyFrom(id));
        distribution.ifPresent(d -> c.setDistribution(ByteString.copyFrom(DistributionCodec.encode(d))));
        return GroupEnvelope.newBuilder().setControl(c).build().toByteArray();
    }

    /**
     * A chain hand-over naming the membership record {@code membership} by its epoch and link hash
     * instead of carrying it, for a member that holds the group (some hundred bytes instead of a
     * few KiB: a removal in a large group puts one in each offline member's inbox per member).
     */
    static byte[] handOver(SignedGroupState membership, Distribution distribution, byte[] id) {
        GroupControl c = GroupControl.newBuilder()
                .setDistribution(ByteString.copyFrom(DistributionCodec.encode(distribution)))
                .setControlId(ByteString.copyFrom(id))
                .setMembershipEpoch(membership.state().epoch())
                .setMembershipHash(ByteString.copyFrom(membership.hash()))
                .build();
        return GroupEnvelope.newBuilder().setControl(c).build().toByteArray();
    }

    static byte[] controlReceipt(byte[] id) {
        return GroupEnvelope.newBuilder()
                .setControlReceipt(io.confchat.chat.internal.proto.ControlReceipt.newBuilder()
                        .setControlId(ByteString.copyFrom(id)))
                .build()
                .toByteArray();
    }

    static byte[] receipt(byte[] groupId, byte[] chainId, int iteration) {
        return GroupEnvelope.newBuilder()
                .setReceipt(GroupReceipt.newBuilder()
                        .setGroupId(ByteString.copyFrom(groupId))
                        .setChainId(ByteString.copyFrom(chainId))
                        .setIteration(iteration))
                .build()
                .toByteArray();
    }

    /** The envelope in {@code bytes}, or empty for anything malformed or out of bounds. */
    static Optional<Envelope> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        GroupEnvelope e;
        try {
            e = GroupEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException ex) {
            return Optional.empty();
        }
        return switch (e.getKindCase()) {
            case MESSAGE ->
                GroupMessageCodec.decode(e.getMessage().toByteArray()).map(Envelope.Message::new);
            case CONTROL -> control(e.getControl());
            case RECEIPT -> receipt(e.getReceipt());
            case CONTROL_RECEIPT ->
                e.getControlReceipt().getControlId().size() == CONTROL_ID_BYTES
                        ? Optional.of(new Envelope.ControlReceipt(
                                e.getControlReceipt().getControlId().toByteArray()))
                        : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<Envelope> control(GroupControl c) {
        byte[] id = c.getControlId().toByteArray();
        if (id.length != CONTROL_ID_BYTES) {
            return Optional.empty();
        }
        Optional<Distribution> distribution = Optional.empty();
        if (!c.getDistribution().isEmpty()) {
            distribution = DistributionCodec.decode(c.getDistribution().toByteArray());
            if (distribution.isEmpty()) {
                return Optional.empty();
            }
        }
        if (c.getMembership().isEmpty()) { // a hand-over naming the record
            if (distribution.isEmpty() || c.getMembershipHash().size() != HASH_BYTES || c.getMembershipEpoch() < 0) {
                return Optional.empty();
            }
            return Optional.of(new Envelope.Control(
                    GroupId.of(distribution.get().chain().groupId()),
                    c.getMembershipEpoch(),
                    c.getMembershipHash().toByteArray(),
                    Optional.empty(),
                    distribution,
                    id));
        }
        if (!c.getMembershipHash().isEmpty() || c.getMembershipEpoch() != 0) {
            return Optional.empty(); // the record and a name of it: one or the other
        }
        Optional<SignedGroupState> membership =
                GroupStates.decode(c.getMembership().toByteArray());
        if (membership.isEmpty()) {
            return Optional.empty();
        }
        SignedGroupState m = membership.get();
        if (distribution.isPresent()
                && !Arrays.equals(
                        distribution.get().chain().groupId(), m.state().groupId())) {
            return Optional.empty();
        }
        return Optional.of(new Envelope.Control(
                GroupId.of(m.state().groupId()), m.state().epoch(), m.hash(), membership, distribution, id));
    }

    private static Optional<Envelope> receipt(GroupReceipt r) {
        if (r.getGroupId().size() != GroupMessageCodec.ID_BYTES
                || r.getChainId().size() != GroupMessageCodec.ID_BYTES
                || Integer.compareUnsigned(r.getIteration(), SendingChain.MAX_LENGTH) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new Envelope.Receipt(
                r.getGroupId().toByteArray(), r.getChainId().toByteArray(), r.getIteration()));
    }
}
