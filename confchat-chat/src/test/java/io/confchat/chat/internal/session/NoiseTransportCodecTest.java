package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.chat.internal.crypto.NoiseHandshake;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class NoiseTransportCodecTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmbeddedChannel initiator;
    private final EmbeddedChannel responder;

    NoiseTransportCodecTest() throws Exception {
        byte[] prologue = "p".getBytes(StandardCharsets.US_ASCII);
        NoiseHandshake i = NoiseHandshake.initiator(X25519KeyPair.generate(RANDOM), prologue, RANDOM);
        NoiseHandshake r = NoiseHandshake.responder(X25519KeyPair.generate(RANDOM), prologue, RANDOM);
        r.readMessage(i.writeMessage(new byte[0]));
        i.readMessage(r.writeMessage(new byte[0]));
        r.readMessage(i.writeMessage(new byte[0]));
        NoiseTransport it = i.split();
        NoiseTransport rt = r.split();
        initiator = new EmbeddedChannel(new NoiseTransportCodec(it));
        responder = new EmbeddedChannel(new NoiseTransportCodec(rt));
    }

    @Test
    void write_shouldEncryptEachBuffer_andTheOtherEndDecryptItInOrder() {
        for (String s : new String[] {"one", "two", "three"}) {
            initiator.writeOutbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
        }
        for (String s : new String[] {"one", "two", "three"}) {
            ByteBuf ciphertext = initiator.readOutbound();
            assertThat(ciphertext.readableBytes()).isEqualTo(s.length() + 16);
            assertThat(ByteBufUtil.getBytes(ciphertext)).isNotEqualTo(s.getBytes(StandardCharsets.UTF_8));
            responder.writeInbound(ciphertext);
            ByteBuf plain = responder.readInbound();
            assertThat(plain.toString(StandardCharsets.UTF_8)).isEqualTo(s);
            plain.release();
        }
    }

    @Test
    void read_shouldRefuseATamperedOrReplayedOrTruncatedMessage() {
        initiator.writeOutbound(Unpooled.copiedBuffer("secret", StandardCharsets.UTF_8));
        byte[] ciphertext = ByteBufUtil.getBytes((ByteBuf) initiator.readOutbound());

        byte[] tampered = ciphertext.clone();
        tampered[2] ^= 1;
        assertThatThrownBy(() -> responder.writeInbound(Unpooled.wrappedBuffer(tampered)))
                .isInstanceOf(CorruptedFrameException.class);
        assertThatThrownBy(() -> responder.writeInbound(Unpooled.wrappedBuffer(new byte[15])))
                .isInstanceOf(CorruptedFrameException.class);
        responder.writeInbound(Unpooled.wrappedBuffer(ciphertext)); // the genuine one still opens
        ((ByteBuf) responder.readInbound()).release();
        assertThatThrownBy(() -> responder.writeInbound(Unpooled.wrappedBuffer(ciphertext)))
                .as("a replay uses a spent nonce")
                .isInstanceOf(CorruptedFrameException.class);
    }
}
