package io.confchat.dht.internal.reachability;

import io.confchat.api.NodeId;
import io.confchat.dht.internal.reachability.proto.DialRequest;
import io.confchat.dht.internal.reachability.proto.DialStatus;
import io.confchat.dht.internal.stream.StreamProtocolHandler;
import io.confchat.dht.internal.wire.Envelope;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.WireCodec;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@value DialBackProtocol#REQUEST}: reads one {@code DialRequest} and dials the requester
 * back at the IP this connection comes from (never another: nobody can aim this node at a third
 * party) and the port it names, within {@link DialBackLimits}: first two UDP datagrams (a DHT PING
 * carrying the nonce) from a port other than this node's, then a TCP connection from an ephemeral
 * port ({@value DialBackProtocol#BACK}) carrying the nonce. Fresh ports on our side matter: a NAT
 * that let our earlier packets' answers through must not let a dial-back through for the same
 * reason. Answers a {@code DialResponse} and closes. Thread-safe; one handler per connection.
 */
public final class DialBackServer implements StreamProtocolHandler {
    private static final Logger log = LoggerFactory.getLogger(DialBackServer.class);
    /** A request connection is closed this long after it opened, whatever happens. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Gap between the two UDP dial-backs (one datagram may be lost). */
    static final Duration UDP_GAP = Duration.ofMillis(100);

    /** What the server needs of the network to dial back. */
    public interface Network {
        /** A TCP connection from an ephemeral port, framed, its first frame naming {@code protocolId}. */
        CompletableFuture<Channel> openStream(InetSocketAddress to, String protocolId);

        /** One datagram from a port other than the node's own. */
        void sendDatagramFromOtherPort(InetSocketAddress to, byte[] payload);
    }

    private final NodeId self;
    private final DialBackLimits limits;
    private final Network network;
    private final Scheduler scheduler;
    private final SecureRandom random;

    public DialBackServer(
            NodeId self, DialBackLimits limits, Network network, Scheduler scheduler, SecureRandom random) {
        this.self = self;
        this.limits = limits;
        this.network = network;
        this.scheduler = scheduler;
        this.random = random;
    }

    @Override
    public void onConnection(Channel channel) {
        Scheduler.Cancellable deadline = scheduler.schedule(DEADLINE, channel::close);
        channel.closeFuture().addListener(f -> deadline.cancel());
        channel.pipeline().addLast(new Request());
    }

    private final class Request extends SimpleChannelInboundHandler<ByteBuf> {
        private boolean read;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            if (read) {
                ctx.close(); // one request per connection
                return;
            }
            read = true;
            InetSocketAddress from = (InetSocketAddress) ctx.channel().remoteAddress();
            Optional<DialRequest> request = DialBackProtocol.request(frame);
            if (request.isEmpty()
                    || !limits.take(from.getAddress(), request.get().getPort())) {
                log.debug("dial-back request from {} refused", from);
                answer(ctx, DialStatus.DIAL_STATUS_REFUSED, null);
                return;
            }
            InetSocketAddress target =
                    new InetSocketAddress(from.getAddress(), request.get().getPort());
            byte[] nonce = request.get().getNonce().toByteArray();
            dial(target, nonce).whenComplete((status, error) -> {
                limits.release();
                ctx.channel()
                        .eventLoop()
                        .execute(() -> answer(ctx, error == null ? status : DialStatus.DIAL_STATUS_FAILED, target));
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("dial-back request from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private static void answer(ChannelHandlerContext ctx, DialStatus status, InetSocketAddress dialed) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(DialBackProtocol.encodeResponse(status, dialed)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** UDP twice, then TCP; completes with DIALED when the TCP dial-back carried the nonce. */
    private CompletableFuture<DialStatus> dial(InetSocketAddress target, byte[] nonce) {
        byte[] ping = WireCodec.encode(new Envelope(random.nextLong(), self, new Ping(nonce)));
        network.sendDatagramFromOtherPort(target, ping);
        scheduler.schedule(UDP_GAP, () -> network.sendDatagramFromOtherPort(target, ping));
        CompletableFuture<DialStatus> out = new CompletableFuture<>();
        AtomicBoolean done = new AtomicBoolean();
        network.openStream(target, DialBackProtocol.BACK).whenComplete((channel, error) -> {
            if (error != null) {
                log.debug("dial-back to {} failed: {}", target, error.toString());
                out.complete(DialStatus.DIAL_STATUS_FAILED);
                return;
            }
            channel.writeAndFlush(DialBackProtocol.encodeDialBack(nonce)).addListener(written -> {
                if (done.compareAndSet(false, true)) {
                    out.complete(written.isSuccess() ? DialStatus.DIAL_STATUS_DIALED : DialStatus.DIAL_STATUS_FAILED);
                }
                channel.close();
            });
        });
        return out;
    }
}
