package io.confchat.dht.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.Contact;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.dht.internal.wire.proto.Endpoint;
import io.confchat.dht.internal.wire.proto.NodeContact;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Contacts decoded without protobuf messages ({@link ContactCodec}) read exactly what protobuf's
 * own parser of a {@code NodeContact} reads, and refuse the rest.
 */
class ContactCodecTest {
    private static final byte[] ID = sequence(32);

    @Test
    void decode_shouldReadBack_whatEncodeWrote() throws Exception {
        Contact v4 = new Contact(NodeId.of(ID), new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 4000));
        Contact v6 = new Contact(NodeId.of(ID), new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 65535));

        assertThat(ContactCodec.decode(ContactCodec.encode(v4))).isEqualTo(v4);
        assertThat(ContactCodec.decode(ContactCodec.encode(v6))).isEqualTo(v6);
    }

    @Test
    void decode_shouldGiveTheContactOfTheseBytes_whenOthersWereDecodedBefore() throws Exception {
        ByteString a = contact(ID, new byte[] {10, 0, 0, 1}, 1000);
        ByteString otherPort = contact(ID, new byte[] {10, 0, 0, 1}, 1001);
        ByteString otherId = contact(sequence(32, 7), new byte[] {10, 0, 0, 1}, 1000);

        Contact first = ContactCodec.decode(a);
        Contact again = ContactCodec.decode(ByteString.copyFrom(a.toByteArray())); // equal bytes, new instance

        assertThat(again).isSameAs(first); // remembered, not decoded again
        assertThat(ContactCodec.decode(otherPort).address().getPort()).isEqualTo(1001);
        assertThat(ContactCodec.decode(otherId).id()).isEqualTo(NodeId.of(sequence(32, 7)));
        assertThat(ContactCodec.decode(a)).isEqualTo(protobufReading(a).orElseThrow());
        assertThatThrownBy(() -> ContactCodec.decode(contact(ID, new byte[] {10, 0, 0, 1}, 0)))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> ContactCodec.decode(contact(ID, new byte[] {10, 0, 0, 1}, 0)))
                .as("a refused contact is refused again, not remembered")
                .isInstanceOf(ProtocolViolationException.class);
    }

    @Test
    void decode_shouldFollowProtobufRules_forUnknownAndRepeatedFields() {
        ByteString first = contact(ID, new byte[] {10, 0, 0, 1}, 1000);
        ByteString unknown = ByteString.copyFrom(new byte[] {(byte) 0xa0, 0x1f, 0x05}); // field 500, varint 5
        ByteString secondPort = NodeContact.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setPort(2000))
                .build()
                .toByteString();

        Contact merged = ContactCodec.decode(first.concat(unknown).concat(secondPort));

        assertThat(merged.address().getPort()).isEqualTo(2000); // the endpoints merge: ip kept, port replaced
        assertThat(merged.address().getAddress().getAddress()).containsExactly(10, 0, 0, 1);
        assertThat(merged)
                .isEqualTo(protobufReading(first.concat(unknown).concat(secondPort))
                        .orElseThrow());
    }

    @Test
    void decode_shouldRefuse_contactsOutOfLimits() {
        assertThatThrownBy(() -> ContactCodec.decode(contact(new byte[31], new byte[] {10, 0, 0, 1}, 1)))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> ContactCodec.decode(contact(ID, new byte[5], 1)))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> ContactCodec.decode(contact(ID, new byte[] {10, 0, 0, 1}, 0)))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> ContactCodec.decode(contact(ID, new byte[] {10, 0, 0, 1}, 65536)))
                .isInstanceOf(ProtocolViolationException.class);
        assertThatThrownBy(() -> ContactCodec.decode(ByteString.EMPTY)).isInstanceOf(ProtocolViolationException.class);
        ByteString valid = contact(ID, new byte[] {10, 0, 0, 1}, 1);
        assertThatThrownBy(() -> ContactCodec.decode(valid.substring(0, valid.size() - 1)))
                .isInstanceOf(ProtocolViolationException.class);
        ByteString endGroup = valid.concat(ByteString.copyFrom(new byte[] {0x0c})); // field 1, END_GROUP
        assertThatThrownBy(() -> ContactCodec.decode(endGroup)).isInstanceOf(ProtocolViolationException.class);
    }

    /** 20,000 mutations of valid contacts: the same contact, or a refusal, as protobuf's parser. */
    @Test
    void decode_shouldAgreeWithProtobuf_onMutatedInput() {
        Random random = new Random(15);
        for (int i = 0; i < 20_000; i++) {
            byte[] ip = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(ip);
            byte[] bytes = contact(ID, ip, 1 + random.nextInt(65535)).toByteArray();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                bytes = mutate(bytes, random);
            }
            ByteString input = ByteString.copyFrom(bytes);
            Optional<Contact> expected = protobufReading(input);
            Optional<Contact> actual;
            try {
                actual = Optional.of(ContactCodec.decode(input));
            } catch (ProtocolViolationException e) {
                actual = Optional.empty();
            }
            assertThat(actual).as("input %s", input).isEqualTo(expected);
        }
    }

    /** What protobuf's parser and the former checks made of a contact, or empty for a refusal. */
    private static Optional<Contact> protobufReading(ByteString input) {
        try {
            NodeContact c = NodeContact.parseFrom(input);
            byte[] ip = c.getEndpoint().getIp().toByteArray();
            int port = c.getEndpoint().getPort();
            if (c.getId().size() != 32 || (ip.length != 4 && ip.length != 16) || port < 1 || port > 65535) {
                return Optional.empty();
            }
            return Optional.of(new Contact(
                    NodeId.of(c.getId().toByteArray()), new InetSocketAddress(InetAddress.getByAddress(ip), port)));
        } catch (InvalidProtocolBufferException | java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] mutate(byte[] in, Random random) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        return switch (random.nextInt(4)) {
            case 0 -> { // flip a byte
                byte[] out = in.clone();
                if (out.length > 0) {
                    out[at] = (byte) random.nextInt(256);
                }
                yield out;
            }
            case 1 -> java.util.Arrays.copyOf(in, at); // truncate
            case 2 -> { // insert a byte
                byte[] out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = (byte) random.nextInt(256);
                System.arraycopy(in, at, out, at + 1, in.length - at);
                yield out;
            }
            default -> { // append a copy of a slice (repeated fields)
                int from = in.length == 0 ? 0 : random.nextInt(in.length);
                byte[] out = java.util.Arrays.copyOf(in, in.length + (in.length - from));
                System.arraycopy(in, from, out, in.length, in.length - from);
                yield out;
            }
        };
    }

    private static ByteString contact(byte[] id, byte[] ip, int port) {
        return NodeContact.newBuilder()
                .setId(ByteString.copyFrom(id))
                .setEndpoint(
                        Endpoint.newBuilder().setIp(ByteString.copyFrom(ip)).setPort(port))
                .build()
                .toByteString();
    }

    private static byte[] sequence(int n) {
        return sequence(n, 1);
    }

    private static byte[] sequence(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i + first);
        }
        return b;
    }
}
