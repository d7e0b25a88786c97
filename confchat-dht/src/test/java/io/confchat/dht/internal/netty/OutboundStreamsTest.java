package io.confchat.dht.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A flood of outbound streams (peers make us open them) must not exhaust the pool. */
class OutboundStreamsTest {
    private final List<EmbeddedChannel> opened = new ArrayList<>();

    @Test
    void get_whenThePoolIsFullOfConnectedStreams_closesTheLeastRecentlyUsed_andConnects() throws Exception {
        OutboundStreams pool = new OutboundStreams(4);
        for (int i = 0; i < 4; i++) {
            pool.get(at("66.6.6." + (i + 1), 4000), this::connected);
        }
        CompletableFuture<Channel> honest = pool.get(at("23.0.0.1", 4000), this::connected);

        assertThat(honest).isCompleted();
        assertThat(honest.join().isActive()).isTrue();
        assertThat(opened.get(0).isOpen()).as("the least recently used stream").isFalse();
        assertThat(pool.size()).isEqualTo(4);
    }

    @Test
    void get_keepsAtMostSixteenStreamsToOnePublicIp() throws Exception {
        OutboundStreams pool = new OutboundStreams(512);
        for (int port = 1; port <= 40; port++) {
            pool.get(at("66.6.6.6", port), this::connected);
        }
        assertThat(pool.size()).isEqualTo(OutboundStreams.PER_IP);
        assertThat(opened.stream().filter(Channel::isOpen)).hasSize(OutboundStreams.PER_IP);
    }

    @Test
    void get_failsWithAReason_onlyWhenEveryStreamIsStillConnecting() throws Exception {
        OutboundStreams pool = new OutboundStreams(2);
        pool.get(at("23.0.0.1", 1), CompletableFuture::new);
        pool.get(at("23.0.0.2", 1), CompletableFuture::new);

        CompletableFuture<Channel> third = pool.get(at("23.0.0.3", 1), this::connected);

        assertThat(third).isCompletedExceptionally();
        assertThat(third)
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("still connecting");
    }

    @Test
    void get_reusesALiveStream() throws Exception {
        OutboundStreams pool = new OutboundStreams(2);
        CompletableFuture<Channel> first = pool.get(at("23.0.0.1", 1), this::connected);
        assertThat(pool.get(at("23.0.0.1", 1), this::connected)).isSameAs(first);
        assertThat(opened).hasSize(1);
    }

    private CompletableFuture<Channel> connected() {
        EmbeddedChannel ch = new EmbeddedChannel();
        opened.add(ch);
        return CompletableFuture.completedFuture(ch);
    }

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }
}
