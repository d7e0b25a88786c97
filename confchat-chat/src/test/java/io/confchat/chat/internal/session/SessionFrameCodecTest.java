package io.confchat.chat.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.crypto.NoiseCipherState;
import io.confchat.chat.internal.proto.Ack;
import io.confchat.chat.internal.proto.Bye;
import io.confchat.chat.internal.proto.Endpoint;
import io.confchat.chat.internal.proto.PathSignal;
import io.confchat.chat.internal.proto.PunchOffer;
import io.confchat.chat.internal.proto.PunchSync;
import io.confchat.chat.internal.proto.SessionFrame;
import io.confchat.chat.internal.proto.SessionFrames;
import io.confchat.chat.internal.proto.Text;
import io.confchat.chat.internal.proto.Typing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The frame codec on {@link EmbeddedChannel}: the schema's exact bytes, batching, and every limit. */
class SessionFrameCodecTest {
    private static final Random RANDOM = new Random(7);

    private final EmbeddedChannel channel = new EmbeddedChannel(new SessionFrameCodec());

    @Test
    void write_shouldEncodeEveryKind_asTheGeneratedClassesDo() throws Exception {
        MessageId id = MessageId.random(RANDOM);
        List<Frame> frames = List.of(
                new Frame.Text(id, 1_700_000_000_123L, "grüße 🙂"),
                new Frame.Ack(List.of(id, MessageId.random(RANDOM))),
                Frame.Typing.INSTANCE,
                new Frame.Bye(ByeReason.LOGGED_OUT));

        byte[] written = writeAndFlush(frames).get(0);

        SessionFrames expected = SessionFrames.newBuilder()
                .addFrames(SessionFrame.newBuilder()
                        .setText(Text.newBuilder()
                                .setMessageId(ByteString.copyFrom(id.toBytes()))
                                .setSentAtMillis(1_700_000_000_123L)
                                .setBody("grüße 🙂")))
                .addFrames(SessionFrame.newBuilder()
                        .setAck(Ack.newBuilder()
                                .addMessageIds(ByteString.copyFrom(id.toBytes()))
                                .addMessageIds(ByteString.copyFrom(
                                        ((Frame.Ack) frames.get(1)).ids().get(1).toBytes()))))
                .addFrames(SessionFrame.newBuilder().setTyping(Typing.getDefaultInstance()))
                .addFrames(SessionFrame.newBuilder().setBye(Bye.newBuilder().setReasonCodeValue(2)))
                .build();
        assertThat(written).isEqualTo(expected.toByteArray());
    }

    @Test
    void read_shouldDecodeWhatTheGeneratedClassesEncode() {
        MessageId id = MessageId.random(RANDOM);
        byte[] bytes = SessionFrames.newBuilder()
                .addFrames(SessionFrame.newBuilder()
                        .setText(Text.newBuilder()
                                .setMessageId(ByteString.copyFrom(id.toBytes()))
                                .setBody("hello")))
                .addFrames(SessionFrame.newBuilder().setBye(Bye.newBuilder().setReasonCodeValue(1)))
                .build()
                .toByteArray();

        channel.writeInbound(Unpooled.wrappedBuffer(bytes));

        assertThat((Object) channel.readInbound()).isEqualTo(new Frame.Text(id, 0, "hello"));
        assertThat((Object) channel.readInbound()).isEqualTo(new Frame.Bye(ByeReason.LEFT));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void signal_shouldBeTheSchemasPathSignal_bothWays_andRefusedWhenOversized() throws Exception {
        PathSignal sync = PathSignal.newBuilder()
                .setSync(PunchSync.newBuilder().setAttempt(2))
                .build();
        byte[] written =
                writeAndFlush(List.of(new Frame.Signal(sync.toByteArray()))).get(0);
        SessionFrames expected = SessionFrames.newBuilder()
                .addFrames(SessionFrame.newBuilder().setSignal(sync))
                .build();
        assertThat(written).isEqualTo(expected.toByteArray());

        channel.writeInbound(Unpooled.wrappedBuffer(expected.toByteArray()));
        Frame.Signal read = channel.readInbound();
        assertThat(PathSignal.parseFrom(read.payload())).isEqualTo(sync);

        byte[] oversized = SessionFrames.newBuilder()
                .addFrames(SessionFrame.newBuilder()
                        .setSignal(PathSignal.newBuilder()
                                .setOffer(PunchOffer.newBuilder()
                                        .setAttempt(1)
                                        .addAddresses(Endpoint.newBuilder()
                                                .setHost("x".repeat(Frame.MAX_SIGNAL_BYTES))
                                                .setPort(1)))))
                .build()
                .toByteArray();
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(oversized)))
                .isInstanceOf(CorruptedFrameException.class)
                .hasMessageContaining("a signal of");
    }

    @Test
    void flush_shouldBatchUpToTheFrameLimit() {
        List<Frame> texts = IntStream.range(0, 300)
                .mapToObj(i -> (Frame) new Frame.Text(MessageId.random(RANDOM), i, "text " + i))
                .toList();

        List<byte[]> batches = writeAndFlush(texts);

        assertThat(batches).hasSize(2);
        assertThat(decodeAll(batches)).containsExactlyElementsOf(texts);
    }

    @Test
    void flush_shouldSplitBatchesAtOneNoiseMessageOfPlaintext() {
        String big = "x".repeat(ChatMessage.MAX_TEXT_BYTES);
        List<Frame> texts = IntStream.range(0, 9)
                .mapToObj(i -> (Frame) new Frame.Text(MessageId.random(RANDOM), i, big))
                .toList();

        List<byte[]> batches = writeAndFlush(texts);

        assertThat(batches).hasSize(3);
        assertThat(batches)
                .allSatisfy(b -> assertThat(b.length).isLessThanOrEqualTo(NoiseCipherState.MAX_PLAINTEXT_BYTES));
        assertThat(decodeAll(batches)).containsExactlyElementsOf(texts);
    }

    @Test
    void read_shouldSkipFramesOfAnUnknownKind_andUnknownFields() {
        // frame kind 9 (a newer peer's) and an unknown field 7 inside a text
        byte[] unknownKind = {0x0a, 0x02, 0x4a, 0x00};
        MessageId id = MessageId.random(RANDOM);
        byte[] text = SessionFrames.newBuilder()
                .addFrames(SessionFrame.newBuilder()
                        .setText(Text.newBuilder()
                                .setMessageId(ByteString.copyFrom(id.toBytes()))
                                .setBody("hi")))
                .build()
                .toByteArray();
        byte[] textWithExtra = withExtraFieldInFirstFrame(text);

        channel.writeInbound(Unpooled.wrappedBuffer(unknownKind, textWithExtra));

        assertThat((Object) channel.readInbound()).isEqualTo(new Frame.Text(id, 0, "hi"));
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void read_shouldRefuseEveryMalformedBatch() {
        ByteString id = ByteString.copyFrom(MessageId.random(RANDOM).toBytes());
        List<byte[]> malformed = new ArrayList<>();
        malformed.add(batch(SessionFrame.newBuilder()
                .setText(Text.newBuilder().setMessageId(id.substring(1)).setBody("x"))));
        malformed.add(batch(SessionFrame.newBuilder().setText(Text.newBuilder().setMessageId(id))));
        malformed.add(batch(SessionFrame.newBuilder()
                .setText(Text.newBuilder().setMessageId(id).setBody("é".repeat(ChatMessage.MAX_TEXT_BYTES / 2 + 1)))));
        malformed.add(batch(SessionFrame.newBuilder().setAck(Ack.getDefaultInstance())));
        Ack.Builder bigAck = Ack.newBuilder();
        IntStream.range(0, Frame.MAX_PER_BATCH + 1).forEach(i -> bigAck.addMessageIds(id));
        malformed.add(batch(SessionFrame.newBuilder().setAck(bigAck)));
        SessionFrames.Builder tooMany = SessionFrames.newBuilder();
        IntStream.range(0, Frame.MAX_PER_BATCH + 1)
                .forEach(i -> tooMany.addFrames(SessionFrame.newBuilder().setTyping(Typing.getDefaultInstance())));
        malformed.add(tooMany.build().toByteArray());
        byte[] text = concat(concat(new byte[] {0x0a, 0x10}, id.toByteArray()), new byte[] {0x1a, 0x01, (byte) 0xff});
        byte[] frame = concat(new byte[] {0x0a, (byte) text.length}, text);
        malformed.add(concat(new byte[] {0x0a, (byte) frame.length}, frame)); // a body that is not UTF-8
        malformed.add(new byte[] {0x0b, 0x0c}); // a group
        malformed.add(new byte[] {0x0a, 0x04, 0x1a, 0x00, 0x1a, 0x00}); // two kinds in one frame
        malformed.add(new byte[] {0x0a, (byte) 0xff}); // a truncated length

        for (byte[] bad : malformed) {
            EmbeddedChannel ch = new EmbeddedChannel(new SessionFrameCodec());
            assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(bad)))
                    .as("batch %s", ByteBufUtil.hexDump(bad))
                    .isInstanceOf(CorruptedFrameException.class);
            assertThat((Object) ch.readInbound()).isNull();
        }
    }

    @Test
    void read_shouldThrowNothingButCorruptedFrame_forRandomMutationsOfValidBatches() {
        byte[] valid = writeAndFlush(List.of(
                        new Frame.Text(MessageId.random(RANDOM), 5, "some text"),
                        new Frame.Ack(List.of(MessageId.random(RANDOM))),
                        new Frame.Bye(ByeReason.LEFT)))
                .get(0);
        for (int i = 0; i < 20_000; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 1 + RANDOM.nextInt(3); flips > 0; flips--) {
                mutated[RANDOM.nextInt(mutated.length)] = (byte) RANDOM.nextInt(256);
            }
            EmbeddedChannel ch = new EmbeddedChannel(new SessionFrameCodec());
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(mutated));
            } catch (CorruptedFrameException expected) {
                // the only failure allowed
            }
        }
    }

    private List<byte[]> writeAndFlush(List<Frame> frames) {
        for (Frame f : frames) {
            channel.write(f);
        }
        channel.flush();
        List<byte[]> out = new ArrayList<>();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.add(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out;
    }

    private static List<Frame> decodeAll(List<byte[]> batches) {
        EmbeddedChannel reader = new EmbeddedChannel(new SessionFrameCodec());
        batches.forEach(b -> reader.writeInbound(Unpooled.wrappedBuffer(b)));
        List<Frame> frames = new ArrayList<>();
        Object f;
        while ((f = reader.readInbound()) != null) {
            frames.add((Frame) f);
        }
        return frames;
    }

    private static byte[] batch(SessionFrame.Builder frame) {
        return SessionFrames.newBuilder().addFrames(frame).build().toByteArray();
    }

    /** The batch with an unknown varint field 7 (value 1) appended inside its first text. */
    private static byte[] withExtraFieldInFirstFrame(byte[] oneTextBatch) throws IllegalStateException {
        try {
            SessionFrames frames = SessionFrames.parseFrom(oneTextBatch);
            byte[] text = frames.getFrames(0).getText().toByteArray();
            byte[] textPlus = new byte[text.length + 2];
            System.arraycopy(text, 0, textPlus, 0, text.length);
            textPlus[text.length] = 0x38; // field 7, varint
            textPlus[text.length + 1] = 0x01;
            byte[] frame = concat(new byte[] {0x0a, (byte) textPlus.length}, textPlus);
            return concat(new byte[] {0x0a, (byte) frame.length}, frame);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
