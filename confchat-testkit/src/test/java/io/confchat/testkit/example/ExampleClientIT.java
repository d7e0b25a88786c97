package io.confchat.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's example runs, and the README shows exactly its code. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ExampleClientIT {
    @Test
    void example_registersLogsInAndQueuesAMessageForAnOfflineUser() {
        try (KademliaNode supernode = ConfChat.withChatRecordRules(
                        KademliaNode.builder().host("127.0.0.1").port(0))
                .start()
                .join()) {
            try (ChatClient alice = ConfChat.builder()
                    .node(KademliaNode.builder().host("127.0.0.1").port(0))
                    .bootstrap(supernode.localAddress())
                    .start()
                    .join()) {
                alice.register("alice", "alice's long password").join();
            }

            var delivery =
                    ExampleClient.run(supernode.localAddress(), "bob", "bob's long password", "alice", "hello alice");

            assertThat(delivery.state()).isEqualTo(DeliveryState.QUEUED);
            assertThat(delivery.message().text()).isEqualTo("hello alice");
        }
    }

    @Test
    void readme_showsTheExampleVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/confchat/testkit/example/ExampleClient.java"));
        String example = source.substring(
                source.indexOf('\n', source.indexOf("// README-BEGIN")) + 1, source.indexOf("    // README-END"));
        String readme = Files.readString(Path.of("../README.md"));

        assertThat(readme).contains(example.stripTrailing().stripIndent().strip());
    }
}
