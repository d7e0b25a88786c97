package io.confchat.chat;

import static io.confchat.chat.AccountsIT.failure;
import static io.confchat.chat.AccountsIT.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.PeerKeyChangedException;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.proto.ChatEntry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat list pins a peer's identity key at first contact; a different one is reported and refused. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PeerPinIT {
    private static final String PASSWORD = "a long enough password";

    private final ChatNetwork network = new ChatNetwork(2);

    @AfterEach
    void stop() {
        network.close();
    }

    @Test
    void aChangedPeerKey_isReportedAndRefused_andTheFirstKeyStaysPinned() {
        ChatClient alice = network.client();
        join(alice.register("alice", PASSWORD));
        join(alice.register("bob", PASSWORD));
        RecordingListener events = new RecordingListener();
        alice.addListener(events);
        join(alice.login("alice", PASSWORD));
        join(join(alice.open("bob")).close());
        byte[] pinned = pinnedKey(alice, "bob");
        assertThat(pinned).hasSize(32);
        assertThat(events.keyChanges).isEmpty();

        // bob's name now resolves to another key (a re-created account, or an impostor)
        byte[] impostor = new byte[32];
        new SecureRandom().nextBytes(impostor);
        assertThat(failure(Internals.login(alice).open(new UserKeys("bob", impostor, new byte[32]))))
                .isInstanceOf(PeerKeyChangedException.class)
                .hasMessageContaining("accept the new key");

        await().atMost(Duration.ofSeconds(10)).until(() -> events.keyChanges.contains("bob"));
        assertThat(events.keyChanges).containsExactly("bob");
        assertThat(pinnedKey(alice, "bob")).isEqualTo(pinned);
    }

    private static byte[] pinnedKey(ChatClient client, String peer) {
        ChatEntry entry = join(Internals.runtime(client).chatList().read(Internals.account(client)))
                .get(peer);
        return entry.getPinnedIdentityKey().toByteArray();
    }
}
