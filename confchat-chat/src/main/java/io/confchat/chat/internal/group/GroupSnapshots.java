package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.chat.internal.proto.HeldGroupState;
import io.confchat.chat.internal.proto.KeptMessageKey;
import io.confchat.chat.internal.proto.KeptReceivingChain;
import io.confchat.chat.internal.proto.KeptSendingChain;
import io.confchat.chat.internal.proto.KnownMember;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A held group as the device keeps it across restarts ({@code HeldGroupState} of group.proto, in
 * the sealed device journal): membership head, standing, this member's sending chain, the chains
 * it reads with their skipped keys, the former members it remembers ({@link FormerMembers}), the
 * names it knew. Decoding is strict: sizes are checked
 * before parsing and every key's length after it; anything else is empty. Stateless.
 */
final class GroupSnapshots {
    /**
     * Largest state: a membership record of 16 KiB, the names of 100 members, and 2 chains of each
     * of the 99 others with {@value #KEPT_SKIPPED} skipped keys each (about 2.6 KiB a chain: 99 x 2
     * x 2.6 KiB = 510 KiB), and 64 former members with their names and 2 late chains read each
     * (about 12 KiB), with room to spare. {@link #encode} refuses a longer one (it would not
     * decode); the device journal takes states up to {@link io.confchat.chat.internal.device.DeviceState#MAX_GROUP_STATE_BYTES}.
     */
    static final int MAX_BYTES = 576 * 1024;

    private static final int KEY = 32;
    /** Skipped messages' keys kept per chain across a restart (the newest). */
    static final int KEPT_SKIPPED = 64;

    private GroupSnapshots() {}

    /**
     * The state to keep for {@code g}.
     *
     * @throws IllegalStateException if it is over {@link #MAX_BYTES} (it would not decode)
     */
    static byte[] encode(HeldGroup g) {
        KeptKeys.Whole kept = g.keys().kept().whole();
        HeldGroupState.Builder b = HeldGroupState.newBuilder()
                .setMembership(ByteString.copyFrom(g.headRecord()))
                .setJoined(g.standing() == HeldGroup.Standing.JOINED)
                .setInvitedBy(g.invitedBy());
        kept.sending()
                .ifPresent(s -> b.setSending(KeptSendingChain.newBuilder()
                        .setChainKey(ByteString.copyFrom(s.chainKey()))
                        .setIteration(s.iteration())
                        .setSigningSeed(ByteString.copyFrom(s.signingSeed()))));
        for (KeptKeys.Chain c : kept.receiving()) {
            KeptReceivingChain.Builder r = KeptReceivingChain.newBuilder()
                    .setOwner(ByteString.copyFrom(c.owner()))
                    .setEpoch(c.epoch())
                    .setChainId(ByteString.copyFrom(c.chain().chainId()))
                    .setChainKey(ByteString.copyFrom(c.chain().chainKey()))
                    .setIteration(c.chain().iteration());
            List<Map.Entry<Integer, byte[]>> skipped =
                    new ArrayList<>(c.chain().skipped().entrySet());
            // the newest skipped keys only: a message missing longer than that is lost to this device
            skipped.subList(Math.max(0, skipped.size() - KEPT_SKIPPED), skipped.size())
                    .forEach(e -> r.addSkipped(KeptMessageKey.newBuilder()
                            .setIteration(e.getKey())
                            .setSeed(ByteString.copyFrom(e.getValue()))));
            b.addReceiving(r);
        }
        kept.formers().forEach(f -> b.addFormerMembers(FormerMemberCodec.encode(f)));
        g.names()
                .forEach((key, name) -> b.addNames(KnownMember.newBuilder()
                        .setIdentityKey(ByteString.copyFrom(HexFormat.of().parseHex(key)))
                        .setUsername(name)));
        byte[] bytes = b.build().toByteArray();
        if (bytes.length > MAX_BYTES) {
            throw new IllegalStateException("group state of " + bytes.length + " bytes, over " + MAX_BYTES);
        }
        return bytes;
    }

    /** The group kept in {@code bytes} for the member {@code self}, or empty if it does not decode. */
    static Optional<HeldGroup> decode(byte[] bytes, byte[] self, SecureRandom random) {
        if (bytes == null || bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        HeldGroupState s;
        try {
            s = HeldGroupState.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        byte[] record = s.getMembership().toByteArray();
        Optional<SignedGroupState> head = GroupStates.decode(record);
        if (head.isEmpty() || !validKeys(s)) {
            return Optional.empty();
        }
        Optional<KeptKeys.Sending> sending = s.hasSending()
                ? Optional.of(new KeptKeys.Sending(
                        s.getSending().getChainKey().toByteArray(),
                        s.getSending().getIteration(),
                        s.getSending().getSigningSeed().toByteArray()))
                : Optional.empty();
        List<KeptKeys.Chain> chains = new ArrayList<>();
        for (KeptReceivingChain r : s.getReceivingList()) {
            Map<Integer, byte[]> skipped = new LinkedHashMap<>();
            r.getSkippedList()
                    .forEach(k -> skipped.put(k.getIteration(), k.getSeed().toByteArray()));
            chains.add(new KeptKeys.Chain(
                    r.getOwner().toByteArray(),
                    r.getEpoch(),
                    new ReceivingChain.Kept(
                            r.getChainId().toByteArray(), r.getChainKey().toByteArray(), r.getIteration(), skipped)));
        }
        List<FormerMembers.Former> formers = FormerMemberCodec.decode(s.getFormerMembersList());
        GroupKeys keys = GroupKeys.restore(
                self, MembershipChain.resume(head.get()), random, new KeptKeys.Whole(sending, chains, formers));
        Map<String, String> names = new HashMap<>();
        s.getNamesList()
                .forEach(n ->
                        names.put(HexFormat.of().formatHex(n.getIdentityKey().toByteArray()), n.getUsername()));
        HeldGroup.Standing standing = s.getJoined() ? HeldGroup.Standing.JOINED : HeldGroup.Standing.INVITED;
        return Optional.of(HeldGroup.restore(keys, record, standing, s.getInvitedBy(), names));
    }

    private static boolean validKeys(HeldGroupState s) {
        if (s.hasSending()
                && (s.getSending().getChainKey().size() != KEY
                        || s.getSending().getSigningSeed().size() != KEY
                        || s.getSending().getIteration() > SendingChain.MAX_LENGTH)) {
            return false;
        }
        for (KeptReceivingChain r : s.getReceivingList()) {
            if (r.getOwner().size() != KEY
                    || r.getChainId().size() != KEY
                    || r.getChainKey().size() != KEY
                    || r.getIteration() > SendingChain.MAX_LENGTH
                    || r.getSkippedCount() > ReceivingChain.MAX_SKIPPED_KEYS
                    || r.getSkippedList().stream().anyMatch(k -> k.getSeed().size() != KEY)) {
                return false;
            }
        }
        if (!FormerMemberCodec.valid(s.getFormerMembersList())) {
            return false;
        }
        return s.getNamesList().stream().allMatch(n -> n.getIdentityKey().size() == KEY);
    }
}
