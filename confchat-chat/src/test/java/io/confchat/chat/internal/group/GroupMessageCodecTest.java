package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.proto.GroupMessage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupMessageCodecTest {
    private static final byte[] ID = SenderKeyChainTest.filled(32, 1);

    @Test
    void decode_shouldReturnWhatWasEncoded() {
        SealedGroupMessage m =
                new SealedGroupMessage(ID, SenderKeyChainTest.filled(32, 2), 7, new byte[40], new byte[64]);

        SealedGroupMessage back =
                GroupMessageCodec.decode(GroupMessageCodec.encode(m)).orElseThrow();

        assertThat(back.groupId()).isEqualTo(ID);
        assertThat(back.iteration()).isEqualTo(7);
        assertThat(back.signingInput()).isEqualTo(m.signingInput());
    }

    @Test
    void decode_shouldRefuseFieldsOutOfBounds() {
        GroupMessage valid = GroupMessage.newBuilder()
                .setGroupId(ByteString.copyFrom(ID))
                .setChainId(ByteString.copyFrom(ID))
                .setIteration(1)
                .setCiphertext(ByteString.copyFrom(new byte[16]))
                .setSignature(ByteString.copyFrom(new byte[64]))
                .build();
        assertThat(GroupMessageCodec.decode(valid.toByteArray())).isPresent();

        assertThat(decode(valid.toBuilder().setGroupId(ByteString.copyFrom(new byte[31]))))
                .isEmpty();
        assertThat(decode(valid.toBuilder().setChainId(ByteString.EMPTY))).isEmpty();
        assertThat(decode(valid.toBuilder().setIteration(SendingChain.MAX_LENGTH)))
                .isEmpty();
        assertThat(decode(valid.toBuilder().setIteration(-1))).isEmpty();
        assertThat(decode(valid.toBuilder().setCiphertext(ByteString.copyFrom(new byte[15]))))
                .isEmpty();
        assertThat(decode(valid.toBuilder()
                        .setCiphertext(ByteString.copyFrom(new byte[GroupMessageCodec.MAX_CIPHERTEXT_BYTES + 1]))))
                .isEmpty();
        assertThat(decode(valid.toBuilder().setSignature(ByteString.copyFrom(new byte[63]))))
                .isEmpty();
        assertThat(GroupMessageCodec.decode(new byte[] {(byte) 0xff, 1, 2})).isEmpty();
    }

    @Test
    void decode_shouldRefuseAnOversizedInputBeforeParsing() {
        byte[] huge = new byte[GroupMessageCodec.MAX_MESSAGE_BYTES + 1];

        assertThat(GroupMessageCodec.decode(huge)).isEmpty();
        assertThat(GroupMessageCodec.decode(null)).isEmpty();
    }

    @Test
    void aLargestMessage_shouldFitTheLimit() {
        String text = "\u00e9".repeat(ChatMessage.MAX_TEXT_BYTES / 2);
        SendingChain chain = SendingChain.of(ID, ID, 4000, ID);

        SealedGroupMessage m = ((SendingChain.Sealing.Sealed)
                        chain.seal(new GroupText(MessageId.random(new Random(2)), Long.MAX_VALUE, text)))
                .message();

        assertThat(GroupMessageCodec.decode(GroupMessageCodec.encode(m))).isPresent();
    }

    @Test
    void decodeText_shouldRefuseMissingIdEmptyOrOversizedText() {
        MessageId id = MessageId.random(new Random(3));
        assertThat(GroupMessageCodec.decodeText(GroupMessageCodec.encodeText(new GroupText(id, 5, "hi"))))
                .contains(new GroupText(id, 5, "hi"));

        var valid = io.confchat.chat.internal.proto.GroupText.newBuilder()
                .setMessageId(ByteString.copyFrom(id.toBytes()))
                .setText("hi");
        assertThat(GroupMessageCodec.decodeText(
                        valid.clone().setText("").build().toByteArray()))
                .isEmpty();
        assertThat(GroupMessageCodec.decodeText(valid.clone()
                        .setMessageId(ByteString.copyFrom(new byte[15]))
                        .build()
                        .toByteArray()))
                .isEmpty();
        byte[] noText = valid.clone().clearText().build().toByteArray();
        byte[] cutUtf8 = java.util.Arrays.copyOf(noText, noText.length + 3);
        cutUtf8[noText.length] = 0x1a; // field 3, length-delimited
        cutUtf8[noText.length + 1] = 1;
        cutUtf8[noText.length + 2] = (byte) 0xc3; // the first byte of a two-byte character
        assertThat(GroupMessageCodec.decodeText(cutUtf8)).isEmpty();
        assertThat(GroupMessageCodec.decodeText(valid.clone()
                        .setText("a".repeat(ChatMessage.MAX_TEXT_BYTES + 1))
                        .build()
                        .toByteArray()))
                .isEmpty();
    }

    private static java.util.Optional<SealedGroupMessage> decode(GroupMessage.Builder b) {
        return GroupMessageCodec.decode(b.build().toByteArray());
    }
}
