package io.confchat.chat;

import static io.confchat.chat.AccountsIT.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.proto.ChatEntry;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat list pins a peer's identity key at first contact and reports a different one. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PeerPinIT {
    private static final String PASSWORD = "a long enough password";

    private final ChatNetwork network = new ChatNetwork(2);

    @AfterEach
    void stop() {
        network.close();
    }

    @Test
    void aChangedPeerKey_isReported_andTheFirstKeyStaysPinned() {
        ChatClient alice = network.client();
        join(alice.register("alice", PASSWORD));
        join(alice.register("bob", PASSWORD));
        RecordingListener events = new RecordingListener();
        alice.addListener(events);
        join(alice.login("alice", PASSWORD));
        join(join(alice.open("bob")).close());
        DhtChatClient client = (DhtChatClient) alice;
        byte[] pinned = pinnedKey(client, "bob");
        assertThat(pinned).hasSize(32);
        assertThat(events.keyChanges).isEmpty();

        byte[] impostor = new byte[32];
        new SecureRandom().nextBytes(impostor);
        join(client.touchChat(client.login(), new UserKeys("bob", impostor, new byte[32]), false, 0));

        assertThat(events.keyChanges).containsExactly("bob");
        assertThat(pinnedKey(client, "bob")).isEqualTo(pinned);
    }

    private static byte[] pinnedKey(DhtChatClient client, String peer) {
        ChatEntry entry = join(client.chatListOf()).get(peer);
        return entry.getPinnedIdentityKey().toByteArray();
    }
}
