package io.confchat.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ClientMetrics} of a real client on loopback, read through a {@link SimpleMeterRegistry}. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClientMetricsIT {
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    @Test
    void meters_shouldFollowALoginAndALogout() throws Exception {
        try (KademliaNode supernode = ConfChat.withChatRecordRules(
                                KademliaNode.builder().host("127.0.0.1").port(0))
                        .start()
                        .get(10, TimeUnit.SECONDS);
                ChatClient client = ConfChat.builder()
                        .node(KademliaNode.builder().host("127.0.0.1").port(0))
                        .bootstrap(supernode.localAddress())
                        .config(ChatConfig.builder()
                                .bcryptCost(ChatConfig.MIN_BCRYPT_COST)
                                .build())
                        .start()
                        .get(10, TimeUnit.SECONDS)) {
            new ClientMetrics(client, Tags.of("app", "test")).bindTo(registry);
            assertThat(gauge("confchat.client.logged.in")).isZero();

            client.register("erin", "a long enough password").get(30, TimeUnit.SECONDS);
            client.login("erin", "a long enough password").get(30, TimeUnit.SECONDS);
            clock.add(NodeMetrics.SNAPSHOT_REUSE);
            assertThat(gauge("confchat.client.logged.in")).isEqualTo(1);
            assertThat(gauge("confchat.client.online")).isEqualTo(1);
            assertThat(gauge("confchat.client.sessions")).isZero();
            assertThat(registry.get("confchat.client.inbox.received")
                            .functionCounter()
                            .count())
                    .isZero();
            awaitValue(() -> eventCount("logged_in"), 1);

            client.logout().get(30, TimeUnit.SECONDS);
            clock.add(NodeMetrics.SNAPSHOT_REUSE);
            assertThat(gauge("confchat.client.logged.in")).isZero();
            assertThat(gauge("confchat.client.online")).isZero();
            awaitValue(() -> eventCount("logged_out"), 1);
        }
    }

    private double gauge(String name) {
        return registry.get(name).tag("app", "test").gauge().value();
    }

    private double eventCount(String type) {
        var c = registry.find("confchat.client.events").tag("type", type).counter();
        return c == null ? 0 : c.count();
    }

    /** Events reach the meters on the client's executor: wait for them (bounded). */
    private static void awaitValue(DoubleSupplier value, double expected) throws InterruptedException {
        for (int i = 0; i < 200 && value.getAsDouble() != expected; i++) {
            Thread.sleep(25);
        }
        assertThat(value.getAsDouble()).isEqualTo(expected);
    }
}
