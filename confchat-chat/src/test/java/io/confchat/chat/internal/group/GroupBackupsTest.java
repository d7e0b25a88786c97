package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.dht.internal.sim.SeededRandom;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link GroupBackups}: when a group's key backup is written, and again after a write failed. */
class GroupBackupsTest {
    private final SecureRandom random = SeededRandom.of(3);
    private final User alice = User.named("alice");
    private final User bob = User.named("bob");
    private final AtomicLong clock = new AtomicLong();
    private final FailingStore store = new FailingStore();
    private final GroupBackups backups = new GroupBackups(store, clock::get);
    private final HeldGroup g = joined();

    /**
     * Every message moves a chain; a failed write used to be tried again at each of them (a
     * group of 100 whose backups every node refused wrote continuously). Now the next write
     * waits 30 s, then 60 s after a second failure, and a success ends the pauses.
     */
    @Test
    void afterAFailedWrite_theNextWaitsItsPause_notTheNextMessage() {
        store.failing = true;
        backups.note(g);
        assertThat(store.writes).isEqualTo(1);

        for (int i = 0; i < 100; i++) {
            clock.addAndGet(200);
            backups.moved(g, new byte[32], i);
            backups.note(g);
        }
        assertThat(store.writes).as("20 s of messages, within the pause").isEqualTo(1);

        clock.set(GroupBackups.RETRY_AFTER.toMillis());
        backups.note(g);
        assertThat(store.writes).as("the first change after the pause").isEqualTo(2);

        clock.addAndGet(2 * GroupBackups.RETRY_AFTER.toMillis() - 1);
        backups.note(g);
        assertThat(store.writes).as("a second failure doubles the pause").isEqualTo(2);
        clock.addAndGet(1);
        store.failing = false;
        backups.note(g);
        assertThat(store.writes).isEqualTo(3);

        backups.note(g);
        assertThat(store.writes).as("written, and nothing changed since").isEqualTo(3);
    }

    @Test
    void aFailedWrite_isWrittenAgainAtLogout_evenWithinItsPause() {
        store.failing = true;
        backups.note(g);
        store.failing = false;

        backups.flush(java.util.List.of(g), new Object()).join();

        assertThat(store.writes).isEqualTo(2);
        assertThat(store.written).isTrue();
    }

    @Test
    void thePause_neverExceedsItsCeiling() {
        store.failing = true;
        backups.note(g);
        for (int i = 0; i < 30; i++) {
            clock.addAndGet(GroupBackups.RETRY_AT_MOST.toMillis());
            backups.note(g);
        }
        assertThat(store.writes)
                .as("one write per ceiling at most, and at least")
                .isEqualTo(31);
    }

    private HeldGroup joined() {
        SignedGroupState head = TestGroup.genesis(alice, bob);
        MembershipChain chain = MembershipChain.start(head).chain().orElseThrow();
        return new HeldGroup(
                GroupKeys.of(alice.key(), chain, random),
                GroupStates.encodeRecord(head),
                HeldGroup.Standing.JOINED,
                "");
    }

    /** Key backups that fail while {@link #failing}; counts the writes tried. */
    private static final class FailingStore implements BackupStore {
        volatile boolean failing;
        volatile boolean written;
        int writes;

        @Override
        public CompletableFuture<Optional<byte[]>> read(String groupIdHex) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Void> write(String groupIdHex, byte[] plaintext) {
            writes++;
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("every node refused the record"));
            }
            written = true;
            return CompletableFuture.completedFuture(null);
        }
    }
}
