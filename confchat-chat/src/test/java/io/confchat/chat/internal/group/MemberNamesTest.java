package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.NameContestedException;
import io.confchat.api.chat.NameUnconfirmedException;
import io.confchat.chat.internal.group.TestGroup.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What {@link MemberNames} asks, and what it refuses without asking. */
class MemberNamesTest {
    private final User admin = User.named("admin");
    private final User bob = User.named("bob");
    private final User carol = User.named("carol");
    private final User mallory = User.named("mallory");
    private final AtomicLong now = new AtomicLong(1_000);
    /** Who owns each name, as the resolution (or pin) says. */
    private final Map<String, User> owners = Map.of("admin", admin, "bob", bob, "carol", carol, "mallory", mallory);

    private final List<String> asked = new ArrayList<>();
    private final MemberNames names = new MemberNames(
            (name, key) -> {
                asked.add(name);
                User owner = owners.get(name);
                return CompletableFuture.completedFuture(
                        owner == null
                                ? NameBinding.UNRESOLVED
                                : owner.asMember(false).hasKey(key) ? NameBinding.MATCHES : NameBinding.OTHER_KEY);
            },
            "bob",
            bob.key(),
            now::get);

    @Test
    void anInvitation_asksEveryOtherMemberOnce_thenRemembersThem() {
        SignedGroupState g0 = TestGroup.genesis(admin, bob, carol);

        assertThat(names.verify(Optional.empty(), g0.state()).join()).isEqualTo(NameBinding.MATCHES);
        assertThat(names.verify(Optional.empty(), g0.state()).join()).isEqualTo(NameBinding.MATCHES);

        assertThat(asked).containsExactlyInAnyOrder("admin", "carol"); // never this user itself
    }

    @Test
    void aKeyAddedUnderAnotherUsersName_isRefused_andNotAskedAgainSoon() {
        SignedGroupState g0 = TestGroup.genesis(admin, bob);
        SignedGroupState g1 =
                TestGroup.next(g0, admin, TestGroup.plus(g0, new GroupMember("carol", mallory.key(), false)));

        assertThat(names.verify(Optional.of(g0.state()), g1.state()).join()).isEqualTo(NameBinding.OTHER_KEY);
        assertThat(names.verify(Optional.of(g0.state()), g1.state()).join()).isEqualTo(NameBinding.OTHER_KEY);
        assertThat(names.allVerified(g0.state(), g1.state())).isFalse();
        assertThat(asked).containsExactly("carol");

        now.addAndGet(MemberNames.RETRY_AFTER.toMillis());
        names.verify(Optional.of(g0.state()), g1.state()).join();
        assertThat(asked).containsExactly("carol", "carol");
    }

    @Test
    void aMemberRenamed_isRefusedWithoutAsking() {
        SignedGroupState g0 = TestGroup.genesis(admin, bob, mallory);
        List<GroupMember> renamed = g0.state().members().stream()
                .map(m -> m.hasKey(mallory.key()) ? new GroupMember("carol", mallory.key(), false) : m)
                .toList();
        SignedGroupState g1 = TestGroup.next(g0, admin, renamed);

        assertThat(names.verify(Optional.of(g0.state()), g1.state()).join()).isEqualTo(NameBinding.OTHER_NAME);
        assertThat(names.allVerified(g0.state(), g1.state())).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void aNewMemberWhoseNameIsItsKeys_isVerified() {
        SignedGroupState g0 = TestGroup.genesis(admin, bob);
        SignedGroupState g1 = TestGroup.next(g0, admin, TestGroup.plus(g0, carol.asMember(false)));

        assertThat(names.allVerified(g0.state(), g1.state())).isFalse(); // not asked yet
        assertThat(names.verify(Optional.of(g0.state()), g1.state()).join()).isEqualTo(NameBinding.MATCHES);
        assertThat(names.allVerified(g0.state(), g1.state())).isTrue();
        assertThat(asked).containsExactly("carol");
    }

    @Test
    void aLookupThatFails_isUnconfirmed_andNeverAccepted() {
        MemberNames failing = new MemberNames(
                (name, key) -> CompletableFuture.failedFuture(new IllegalStateException("no route")),
                "bob",
                bob.key(),
                now::get);
        SignedGroupState g0 = TestGroup.genesis(admin, bob);
        SignedGroupState g1 = TestGroup.next(g0, admin, TestGroup.plus(g0, carol.asMember(false)));

        // says nothing about the name: the item is left untaken (it comes again), the record refused
        assertThat(failing.verify(Optional.empty(), g0.state()).join()).isEqualTo(NameBinding.UNCONFIRMED);
        assertThat(failing.verify(Optional.of(g0.state()), g1.state()).join()).isEqualTo(NameBinding.UNCONFIRMED);
        assertThat(failing.allVerified(g0.state(), g1.state())).isFalse();
    }

    @Test
    void aNameNotConfirmed_isAskedAgainAtTheNextPoll_notAfterTheRefusalsWait() {
        List<String> tries = new ArrayList<>();
        MemberNames unconfirmed = new MemberNames(
                (name, key) -> {
                    tries.add(name);
                    return CompletableFuture.completedFuture(NameBinding.UNCONFIRMED);
                },
                "bob",
                bob.key(),
                now::get);
        SignedGroupState g0 = TestGroup.genesis(admin, bob);

        unconfirmed.verify(Optional.empty(), g0.state()).join();
        unconfirmed.verify(Optional.empty(), g0.state()).join(); // the same record from another member
        now.addAndGet(MemberNames.RETRY_UNCONFIRMED_AFTER.toMillis());
        unconfirmed.verify(Optional.empty(), g0.state()).join(); // the inbox brings it again

        assertThat(tries).containsExactly("admin", "admin");
        assertThat(MemberNames.RETRY_UNCONFIRMED_AFTER).isLessThan(MemberNames.RETRY_AFTER);
    }

    @Test
    void aContestedName_isUnresolved() {
        MemberNames contested = new MemberNames(
                (name, key) -> CompletableFuture.failedFuture(new NameContestedException("a tie")),
                "bob",
                bob.key(),
                now::get);
        SignedGroupState g0 = TestGroup.genesis(admin, bob);

        assertThat(contested.verify(Optional.empty(), g0.state()).join()).isEqualTo(NameBinding.UNRESOLVED);
    }

    @Test
    void aNameThatCouldNotBeConfirmed_isUnconfirmed_notUnresolved() {
        MemberNames slow = new MemberNames(
                (name, key) -> CompletableFuture.supplyAsync(() -> {
                    throw new NameUnconfirmedException("could not confirm the user '" + name + "' right now");
                }),
                "bob",
                bob.key(),
                now::get);
        SignedGroupState g0 = TestGroup.genesis(admin, bob);

        // the intake then leaves the item untaken (GroupIntake), so it comes again
        assertThat(slow.verify(Optional.empty(), g0.state()).join()).isEqualTo(NameBinding.UNCONFIRMED);
    }
}
