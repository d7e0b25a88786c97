package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.chat.internal.history.GroupKeysStore;
import io.confchat.chat.internal.proto.FormerMember;
import io.confchat.chat.internal.proto.GroupKeysBackup;
import io.confchat.chat.internal.proto.GroupStanding;
import io.confchat.chat.internal.proto.KeptReceivingChain;
import io.confchat.chat.internal.proto.KnownMember;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A held group as the user's key backup keeps it for its other devices ({@code GroupKeysBackup} of
 * group.proto, sealed in a {@code group-keys} record): the membership head, the standing, the id
 * of the sending chain in use, the position of each chain read, without skipped keys and
 * without any sending chain's secrets, and the former members whose late chains are still read
 * ({@link FormerMembers}, their times as kept: absolute). Decoding is strict: the size is checked before parsing, then
 * the group id, the head, every count and every key's length; anything else is empty. Stateless.
 */
final class GroupBackupCodec {
    /** Most chains a backup holds: {@value GroupKeys#CHAINS_PER_MEMBER} for each other member. */
    static final int MAX_CHAINS = GroupKeys.CHAINS_PER_MEMBER * (GroupStates.MAX_MEMBERS - 1);

    private static final int KEY = 32;

    private GroupBackupCodec() {}

    /** What a backup holds of a group the user is in (a tombstone decodes as empty). */
    record Backup(
            SignedGroupState head,
            byte[] headRecord,
            HeldGroup.Standing standing,
            String invitedBy,
            Optional<byte[]> sendingChainId,
            int sendingChainNextIteration,
            List<KeptKeys.Chain> chains,
            List<FormerMembers.Former> formers,
            Map<String, String> names,
            long writtenAtMillis) {}

    /**
     * The backup of {@code g}; call with the lock of the group code held.
     *
     * @throws IllegalStateException if it is over {@link GroupKeysStore#MAX_PLAINTEXT_BYTES} (it
     *     would not decode; cannot happen within the group limits)
     */
    static byte[] encode(HeldGroup g, long nowMillis) {
        GroupKeysBackup.Builder b = GroupKeysBackup.newBuilder()
                .setWrittenAtMillis(nowMillis)
                .setGroupId(ByteString.copyFrom(g.keys().state().groupId()))
                .setStanding(
                        g.standing() == HeldGroup.Standing.JOINED
                                ? GroupStanding.GROUP_JOINED
                                : GroupStanding.GROUP_INVITED)
                .setMembership(ByteString.copyFrom(g.headRecord()))
                .setInvitedBy(g.invitedBy());
        g.keys().sendingChainId().ifPresent(id -> b.setSendingChainId(ByteString.copyFrom(id)));
        b.setSendingChainNextIteration(g.keys().sendingNextIteration());
        GroupState head = g.keys().state();
        for (KeptKeys.Chain c : g.keys().kept().whole().receiving()) {
            b.addReceiving(KeptReceivingChain.newBuilder()
                    .setOwner(ByteString.copyFrom(c.owner()))
                    .setEpoch(c.epoch())
                    .setChainId(ByteString.copyFrom(c.chain().chainId()))
                    .setChainKey(ByteString.copyFrom(c.chain().chainKey()))
                    .setIteration(c.chain().iteration()));
        }
        g.names().forEach((key, name) -> {
            byte[] identity = HexFormat.of().parseHex(key);
            if (!head.isMember(identity)) { // the head names its members
                b.addNames(KnownMember.newBuilder()
                        .setIdentityKey(ByteString.copyFrom(identity))
                        .setUsername(name));
            }
        });
        addFormers(b, g.keys().formerMembers(), nowMillis);
        byte[] bytes = b.build().toByteArray();
        if (bytes.length > GroupKeysStore.MAX_PLAINTEXT_BYTES) {
            throw new IllegalStateException("a group key backup of " + bytes.length + " bytes");
        }
        return bytes;
    }

    /**
     * Adds the former members whose late chains are still read at {@code nowMillis} (a restored
     * device would read none of the others: the window is absolute), the latest removals first
     * while the backup stays within {@link GroupKeysStore#MAX_PLAINTEXT_BYTES}, in their order.
     */
    static void addFormers(GroupKeysBackup.Builder b, List<FormerMembers.Former> formers, long nowMillis) {
        long room = GroupKeysStore.MAX_PLAINTEXT_BYTES - (long) b.build().getSerializedSize();
        List<FormerMember> kept = new ArrayList<>();
        for (int i = formers.size() - 1; i >= 0; i--) {
            if (formers.get(i).lateUntilMillis() < nowMillis) {
                continue;
            }
            FormerMember m = FormerMemberCodec.encode(formers.get(i));
            room -= CodedOutputStream.computeMessageSize(GroupKeysBackup.FORMER_MEMBERS_FIELD_NUMBER, m);
            if (room < 0) {
                break;
            }
            kept.add(0, m);
        }
        b.addAllFormerMembers(kept);
    }

    /** The tombstone of a group the user left (nothing of it kept). */
    static byte[] left(byte[] groupId) {
        return GroupKeysBackup.newBuilder()
                .setGroupId(ByteString.copyFrom(groupId))
                .setStanding(GroupStanding.GROUP_LEFT)
                .build()
                .toByteArray();
    }

    /**
     * The backup of group {@code groupId} in {@code bytes}, or empty when it does not decode, is of
     * another group, or is a tombstone.
     */
    static Optional<Backup> decode(byte[] bytes, byte[] groupId) {
        if (bytes == null || bytes.length > GroupKeysStore.MAX_PLAINTEXT_BYTES) {
            return Optional.empty();
        }
        GroupKeysBackup b;
        try {
            b = GroupKeysBackup.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (!Arrays.equals(b.getGroupId().toByteArray(), groupId)
                || (b.getStanding() != GroupStanding.GROUP_JOINED && b.getStanding() != GroupStanding.GROUP_INVITED)
                || !validKeys(b)) {
            return Optional.empty();
        }
        byte[] record = b.getMembership().toByteArray();
        Optional<SignedGroupState> head = GroupStates.decode(record);
        if (head.isEmpty()
                || !head.get().isSignedBySigner()
                || !Arrays.equals(head.get().state().groupId(), groupId)) {
            return Optional.empty();
        }
        List<KeptKeys.Chain> chains = new ArrayList<>();
        for (KeptReceivingChain r : b.getReceivingList()) {
            chains.add(new KeptKeys.Chain(
                    r.getOwner().toByteArray(),
                    r.getEpoch(),
                    new ReceivingChain.Kept(
                            r.getChainId().toByteArray(), r.getChainKey().toByteArray(), r.getIteration(), Map.of())));
        }
        Map<String, String> names = new HashMap<>();
        b.getNamesList()
                .forEach(n ->
                        names.put(HexFormat.of().formatHex(n.getIdentityKey().toByteArray()), n.getUsername()));
        return Optional.of(new Backup(
                head.get(),
                record,
                b.getStanding() == GroupStanding.GROUP_JOINED ? HeldGroup.Standing.JOINED : HeldGroup.Standing.INVITED,
                b.getInvitedBy(),
                b.getSendingChainId().isEmpty()
                        ? Optional.empty()
                        : Optional.of(b.getSendingChainId().toByteArray()),
                b.getSendingChainNextIteration(),
                chains,
                FormerMemberCodec.decode(b.getFormerMembersList()),
                names,
                b.getWrittenAtMillis()));
    }

    private static boolean validKeys(GroupKeysBackup b) {
        if (b.getReceivingCount() > MAX_CHAINS
                || b.getNamesCount() > MAX_CHAINS
                || (!b.getSendingChainId().isEmpty() && b.getSendingChainId().size() != KEY)
                || b.getSendingChainNextIteration() < 0
                || b.getSendingChainNextIteration() > SendingChain.MAX_LENGTH
                || b.getInvitedBy().length() > GroupStates.MAX_NAME_CHARS
                || !FormerMemberCodec.valid(b.getFormerMembersList())) {
            return false;
        }
        for (KeptReceivingChain r : b.getReceivingList()) {
            if (r.getOwner().size() != KEY
                    || r.getChainId().size() != KEY
                    || r.getChainKey().size() != KEY
                    || r.getIteration() < 0
                    || r.getIteration() > SendingChain.MAX_LENGTH
                    || r.getSkippedCount() != 0) {
                return false;
            }
        }
        return b.getNamesList().stream()
                .allMatch(n ->
                        n.getIdentityKey().size() == KEY && n.getUsername().length() <= GroupStates.MAX_NAME_CHARS);
    }
}
