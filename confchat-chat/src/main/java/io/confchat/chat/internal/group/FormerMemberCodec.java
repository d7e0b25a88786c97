package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import io.confchat.chat.internal.proto.FormerMember;
import java.util.List;

/**
 * A {@link FormerMembers.Former} as the device state ({@code HeldGroupState}) and the user's key
 * backup ({@code GroupKeysBackup}) keep it ({@code FormerMember} of group.proto), both times as
 * written: {@code late_until_millis} and {@code shown_up_to_millis} are absolute times of the
 * member's clock, never made relative, so a restore gives no fresh {@link FormerMembers#LATE_WINDOW}.
 * Stateless.
 */
final class FormerMemberCodec {
    private static final int KEY = 32;

    private FormerMemberCodec() {}

    static FormerMember encode(FormerMembers.Former f) {
        FormerMember.Builder m = FormerMember.newBuilder()
                .setIdentityKey(ByteString.copyFrom(f.owner()))
                .setRemovedIn(f.removedIn())
                .setShownUpToMillis(f.shownUpToMillis())
                .setLateUntilMillis(f.lateUntilMillis());
        f.lateChainsRead().forEach(id -> m.addLateChainsRead(ByteString.copyFrom(id)));
        return m.build();
    }

    /** Call only on a list {@link #valid} accepted. */
    static List<FormerMembers.Former> decode(List<FormerMember> kept) {
        return kept.stream()
                .map(f -> new FormerMembers.Former(
                        f.getIdentityKey().toByteArray(),
                        f.getRemovedIn(),
                        f.getShownUpToMillis(),
                        f.getLateUntilMillis(),
                        f.getLateChainsReadList().stream()
                                .map(ByteString::toByteArray)
                                .toList()))
                .toList();
    }

    /**
     * Whether {@code kept} is within the limits of {@link FormerMembers}: at most {@value
     * FormerMembers#MAX_REMEMBERED}, each a 32-byte key with at most {@value
     * FormerMembers#LATE_CHAINS} late chains read of 32 bytes each.
     */
    static boolean valid(List<FormerMember> kept) {
        return kept.size() <= FormerMembers.MAX_REMEMBERED
                && kept.stream()
                        .allMatch(f -> f.getIdentityKey().size() == KEY
                                && f.getLateChainsReadCount() <= FormerMembers.LATE_CHAINS
                                && f.getLateChainsReadList().stream().allMatch(id -> id.size() == KEY));
    }
}
