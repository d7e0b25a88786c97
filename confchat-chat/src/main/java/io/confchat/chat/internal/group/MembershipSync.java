package io.confchat.chat.internal.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies a group's membership from its creation on, as a member invited to it must: reads every
 * epoch in the DHT, starts the chain at the creation record, and applies the others in order
 * ({@link MembershipChain}: a forged, replayed or out-of-turn record is refused, whatever sent it),
 * then the record the invitation carried. Stateless.
 */
final class MembershipSync {
    private MembershipSync() {}

    /**
     * The verified chain of {@code groupId} with {@code offered} applied when it is the next link,
     * or empty when the DHT holds no valid creation record for the group.
     */
    static CompletableFuture<Optional<MembershipChain>> fromCreation(
            GroupArchive archive, byte[] groupId, SignedGroupState offered) {
        return archive.membershipAfter(groupId, -1).thenApply(records -> {
            List<SignedGroupState> all = new ArrayList<>(records);
            all.add(offered);
            MembershipChain chain = null;
            for (SignedGroupState r : all) {
                if (chain == null) {
                    chain = MembershipChain.start(r).chain().orElse(null);
                } else {
                    chain.offer(r); // the next link is taken; anything else (forks, replays) is not
                }
            }
            if (chain == null || !Arrays.equals(chain.head().state().groupId(), groupId)) {
                return Optional.empty();
            }
            return Optional.of(chain);
        });
    }
}
