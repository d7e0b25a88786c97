package io.confchat.dht.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.dht.time.ManualScheduler;
import io.confchat.dht.time.Scheduler;
import io.confchat.dht.time.SystemScheduler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request timers run on the UDP channel's event loop, are cancelled there, and fall back to the
 * node's scheduler before the channel exists and once its loop refuses work.
 */
class EventLoopTimersTest {
    private EventLoopGroup group;
    private Channel channel;
    private SystemScheduler system;

    @BeforeEach
    void bind() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channel = new Bootstrap()
                .group(group)
                .channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
        system = SystemScheduler.create();
    }

    @AfterEach
    void close() {
        if (!group.isShuttingDown()) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        system.close();
    }

    @Test
    void aTimer_shouldRunOnTheChannelsEventLoop() throws Exception {
        Scheduler timers = new EventLoopTimers(() -> channel, system);
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean onLoop = new AtomicBoolean();

        timers.schedule(Duration.ofMillis(5), () -> {
            onLoop.set(channel.eventLoop().inEventLoop());
            ran.countDown();
        });

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop).isTrue();
        assertThat(timers.nanoTime()).isCloseTo(System.nanoTime(), org.assertj.core.data.Offset.offset(1_000_000_000L));
    }

    @Test
    void aCancelledTimer_shouldNotRun() throws Exception {
        Scheduler timers = new EventLoopTimers(() -> channel, system);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(1);

        timers.schedule(Duration.ofMillis(50), runs::incrementAndGet).cancel();
        timers.schedule(Duration.ofMillis(150), later::countDown);

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue(); // the loop is past the cancelled deadline
        assertThat(runs).hasValue(0);
    }

    @Test
    void timers_shouldGoToTheFallback_beforeTheChannelIsBound_andOnceTheLoopRefusesWork() {
        ManualScheduler manual = new ManualScheduler();
        AtomicInteger runs = new AtomicInteger();
        Scheduler unbound = new EventLoopTimers(() -> null, manual);
        unbound.schedule(Duration.ofSeconds(1), runs::incrementAndGet);

        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        Scheduler closing = new EventLoopTimers(() -> channel, manual);
        closing.schedule(Duration.ofSeconds(1), runs::incrementAndGet);

        assertThat(runs).hasValue(0);
        manual.advance(Duration.ofSeconds(1));
        assertThat(runs).hasValue(2);
    }

    @Test
    void theTransport_shouldKeepAManualClocksTimers() {
        NettyTransport transport = new NettyTransport("127.0.0.1", 0, group, new ProtocolRegistry());
        ManualScheduler manual = new ManualScheduler();

        assertThat(transport.requestTimers(manual)).isSameAs(manual);
        assertThat(transport.requestTimers(system)).isInstanceOf(EventLoopTimers.class);
    }
}
