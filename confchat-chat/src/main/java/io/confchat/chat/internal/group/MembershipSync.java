package io.confchat.chat.internal.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Verifies a group's membership from its creation on, as a member invited to it must: reads every
 * epoch in the DHT, starts the chain at the creation record and follows the branch {@link
 * ForkChoice} chooses (a forged, replayed or out-of-turn record is never a link, and a fork is
 * settled as every member settles it), with the record the invitation carried among the records.
 * Stateless.
 */
final class MembershipSync {
    private MembershipSync() {}

    /**
     * The verified chain of {@code groupId} on the winning branch, or empty when the DHT holds no
     * valid creation record for the group.
     */
    static CompletableFuture<Optional<MembershipChain>> fromCreation(
            GroupArchive archive, byte[] groupId, SignedGroupState offered) {
        return archive.membershipFrom(groupId, 0, offered.state().epoch()).thenApply(records -> {
            List<SignedGroupState> all = new ArrayList<>(records);
            all.add(offered);
            return ForkChoice.fromCreation(groupId, all).map(branch -> {
                MembershipChain chain =
                        MembershipChain.start(branch.anchor()).chain().orElseThrow();
                chain.switchTo(branch); // every link of the branch was checked by the choice
                return chain;
            });
        });
    }
}
