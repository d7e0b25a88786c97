package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.dht.internal.sim.SeededRandom;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** {@link HeldGroups}: the groups one login holds, and those it is parting from. */
class HeldGroupsTest {
    private final SecureRandom random = SeededRandom.of(12);
    private final User alice = User.named("alice");
    private final User bob = User.named("bob");
    private final User carol = User.named("carol");

    /**
     * carol is removed (her first parting starts, its end scheduled a minute later), re-invited,
     * joins, and is removed again within that minute (a second parting of the same group, another
     * HeldGroup). The first parting's end ({@code parted(first)}) must not end the second one
     * seconds after it began (what was on its way to carol before her second removal would be
     * dropped): the second parting lasts its own minute, and its chains are still read.
     */
    @Test
    void theEndOfAnEarlierParting_doesNotEndALaterPartingOfTheSameGroup() {
        SignedGroupState head = TestGroup.genesis(alice, bob, carol);
        HeldGroups held = new HeldGroups(new OfflineLinks(), carol.key(), random, MemoryBackups.of());
        HeldGroup first = carolHolding(head);
        HeldGroup second = carolHolding(head);
        assertThat(held.part(first, 1_000L)).isTrue();
        assertThat(held.part(second, 2_000L)).isTrue(); // removed again within the minute

        held.parted(first); // the first parting's minute is over

        assertThat(held.parting(second.id()))
                .as("the second parting goes on for its own minute")
                .hasValueSatisfying(p -> assertThat(p.group()).isSameAs(second));
        assertThat(second.keys().heldChains()).isNotEmpty();
    }

    /** A joined HeldGroup of carol's reading bob's chain. */
    private HeldGroup carolHolding(SignedGroupState head) {
        GroupKeys bobs =
                GroupKeys.of(bob.key(), MembershipChain.start(head).chain().orElseThrow(), random);
        GroupKeys carols =
                GroupKeys.of(carol.key(), MembershipChain.start(head).chain().orElseThrow(), random);
        Distribution d = bobs.distributionsToAll().stream()
                .filter(a -> a.recipient().hasKey(carol.key()))
                .findFirst()
                .orElseThrow()
                .distribution();
        assertThat(carols.accept(bob.key(), d)).isEqualTo(GroupKeys.DistributionCheck.ACCEPTED);
        return new HeldGroup(carols, GroupStates.encodeRecord(head), HeldGroup.Standing.JOINED, "");
    }
}
