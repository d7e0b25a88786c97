package io.confchat.dht.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.internal.wire.Message.FindNode;
import io.confchat.dht.internal.wire.Message.FindValue;
import io.confchat.dht.internal.wire.Message.Nodes;
import io.confchat.dht.internal.wire.Message.Ping;
import io.confchat.dht.internal.wire.Message.Pong;
import io.confchat.dht.internal.wire.Message.Store;
import io.confchat.dht.internal.wire.Message.StoreResult;
import io.confchat.dht.internal.wire.Message.Truncated;
import io.confchat.dht.internal.wire.Message.Values;
import io.confchat.dht.internal.wire.proto.Endpoint;
import io.confchat.dht.internal.wire.proto.NodeContact;
import io.confchat.dht.record.RecordSigner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WireCodecTest {
    private static final int MAX = WireLimits.MAX_FRAME_BYTES;
    private static final NodeId SENDER = NodeId.of(filled(32, 0x5a));
    private static final RecordSigner SIGNER = new RecordSigner(Ed25519KeyPair.fromPrivateKey(filled(32, 7)));

    // ---- round trips -------------------------------------------------------------------------

    @Test
    void ping_shouldRoundTrip() {
        byte[] nonce = sequence(WireLimits.NONCE_BYTES);

        Ping p = (Ping) roundTrip(new Ping(nonce));

        assertThat(p.nonce()).isEqualTo(nonce);
    }

    @Test
    void clientFlag_shouldRoundTrip_andBeAbsentForAServer() {
        byte[] nonce = sequence(WireLimits.NONCE_BYTES);
        Envelope client = new Envelope(7L, SENDER, new Ping(nonce), new byte[0], true);

        assertThat(WireCodec.decode(WireCodec.encode(client), MAX).client()).isTrue();
        assertThat(WireCodec.decode(WireCodec.encode(new Envelope(7L, SENDER, new Ping(nonce))), MAX)
                        .client())
                .isFalse();
    }

    @Test
    void pong_shouldRoundTrip() {
        byte[] publicKey = filled(32, 3);
        byte[] signature = filled(64, 4);
        InetSocketAddress observed = address(new byte[] {(byte) 203, 0, 113, 9}, 40_000);

        Pong p = (Pong) roundTrip(new Pong(publicKey, signature, observed));

        assertThat(p.publicKey()).isEqualTo(publicKey);
        assertThat(p.signature()).isEqualTo(signature);
        assertThat(p.observed()).isEqualTo(observed);
    }

    @Test
    void findNode_shouldRoundTrip() {
        NodeId target = NodeId.of(sequence(32));

        assertThat(roundTrip(new FindNode(target))).isEqualTo(new FindNode(target));
    }

    @Test
    void nodes_shouldRoundTripTwentyContactsIncludingIpv6() {
        List<Contact> contacts = contacts(19);
        contacts.add(new Contact(id(99), address(sequence(16), 65_535)));
        byte[] token = filled(16, 8);

        Nodes n = (Nodes) roundTrip(new Nodes(contacts, token));

        assertThat(n.contacts()).containsExactlyElementsOf(contacts);
        assertThat(n.contacts().get(19).address().getAddress().getAddress()).hasSize(16);
        assertThat(n.token()).isEqualTo(token);
    }

    @Test
    void nodes_shouldCarryAContactsNewAddress_afterItsOldOneWasEncoded() throws UnknownHostException {
        NodeId id = NodeId.of(filled(32, 0x33));
        Contact before = new Contact(id, new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 4000));
        Contact after = new Contact(id, new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 4001));

        for (int i = 0; i < 2; i++) { // the second time from the encoded forms remembered
            assertThat(((Nodes) roundTrip(new Nodes(List.of(before), new byte[16]))).contacts())
                    .containsExactly(before);
            assertThat(((Nodes) roundTrip(new Nodes(List.of(after), new byte[16]))).contacts())
                    .containsExactly(after);
        }
    }

    @Test
    void findValue_shouldRoundTripWithCursor() {
        DhtKey key = DhtKey.hash("user/alice");
        byte[] cursor = filled(WireLimits.MAX_CURSOR_BYTES, 2);

        FindValue f = (FindValue) roundTrip(new FindValue(key, cursor));

        assertThat(f.key()).isEqualTo(key);
        assertThat(f.cursor()).isEqualTo(cursor);
    }

    @Test
    void values_shouldRoundTripRecordsContactsTokenAndCursor() {
        DhtKey key = DhtKey.hash("inbox/bob");
        List<SignedRecord> records =
                List.of(record(key, "a", 1, 10), record(key, "b", -1L, 20), record(key, "c", 3, 0));
        List<Contact> contacts = contacts(5);
        byte[] token = filled(32, 6);
        byte[] cursor = filled(40, 7);

        Values v = (Values) roundTrip(new Values(records, contacts, token, cursor));

        assertThat(v.records()).containsExactlyElementsOf(records);
        assertThat(v.records().get(1).seq()).isEqualTo(-1L);
        assertThat(v.contacts()).containsExactlyElementsOf(contacts);
        assertThat(v.token()).isEqualTo(token);
        assertThat(v.nextCursor()).isEqualTo(cursor);
    }

    @Test
    void values_shouldRoundTripAnEmptyLastPage() {
        Values v = (Values) roundTrip(new Values(List.of(), List.of(), new byte[0], new byte[0]));

        assertThat(v.records()).isEmpty();
        assertThat(v.contacts()).isEmpty();
        assertThat(v.token()).isEmpty();
        assertThat(v.nextCursor()).isEmpty();
    }

    @Test
    void certificateRequests_shouldRoundTripTheirFlag() {
        NodeId target = NodeId.of(sequence(32));
        DhtKey key = DhtKey.hash("user/alice");

        assertThat(roundTrip(new FindNode(target, true))).isEqualTo(new FindNode(target, true));
        FindValue f = (FindValue) roundTrip(new FindValue(key, new byte[0], true));
        assertThat(f.wantCertificate()).isTrue();
        assertThat(((FindValue) roundTrip(new FindValue(key, new byte[0]))).wantCertificate())
                .isFalse();
    }

    @Test
    void replies_shouldRoundTripACertificate() {
        NodeCertificate cert = certificate(2);
        DhtKey key = DhtKey.hash("inbox/bob");

        Nodes n = (Nodes) roundTrip(new Nodes(contacts(3), filled(16, 8), Optional.of(cert)));
        Values v = (Values) roundTrip(new Values(
                List.of(record(key, "a", 1, 10)), contacts(2), filled(16, 8), new byte[0], Optional.of(cert)));

        for (NodeCertificate got :
                List.of(n.certificate().orElseThrow(), v.certificate().orElseThrow())) {
            assertThat(got.publicKey()).isEqualTo(cert.publicKey());
            assertThat(got.endpoints()).containsExactlyElementsOf(cert.endpoints());
            assertThat(got.notAfterSeconds()).isEqualTo(cert.notAfterSeconds());
            assertThat(got.signature()).isEqualTo(cert.signature());
        }
        assertThat(((Nodes) roundTrip(new Nodes(contacts(1), filled(16, 8)))).certificate())
                .isEmpty();
    }

    @Test
    void decode_shouldRejectACertificateOutOfItsLimits() {
        var endpoint = Endpoint.newBuilder()
                .setIp(ByteString.copyFrom(new byte[] {1, 2, 3, 4}))
                .setPort(4000);
        var valid = io.confchat.dht.internal.wire.proto.NodeCertificate.newBuilder()
                .setPublicKey(ByteString.copyFrom(new byte[32]))
                .addEndpoints(endpoint)
                .setNotAfter(1_800_000_000L)
                .setSignature(ByteString.copyFrom(new byte[64]));
        var noEndpoint = valid.clone().clearEndpoints();
        var fiveEndpoints = valid.clone();
        for (int i = 0; i < 4; i++) {
            fiveEndpoints.addEndpoints(endpoint);
        }

        for (var bad : List.of(
                noEndpoint,
                fiveEndpoints,
                valid.clone().setPublicKey(ByteString.copyFrom(new byte[31])),
                valid.clone().setSignature(ByteString.copyFrom(new byte[65])),
                valid.clone().setNotAfter(-1L), // 2^64 - 1 on the wire
                valid.clone().setEndpoints(0, endpoint.clone().setPort(0)))) {
            assertViolation(validPing()
                    .setNodes(io.confchat.dht.internal.wire.proto.Nodes.newBuilder()
                            .setCertificate(bad)));
            assertViolation(validPing()
                    .setValues(io.confchat.dht.internal.wire.proto.Values.newBuilder()
                            .setCertificate(bad)));
        }
        assertThat(WireCodec.decode(
                                validPing()
                                        .setNodes(io.confchat.dht.internal.wire.proto.Nodes.newBuilder()
                                                .setCertificate(valid))
                                        .build()
                                        .toByteArray(),
                                MAX)
                        .body())
                .isInstanceOf(Nodes.class);
    }

    @Test
    void store_shouldRoundTrip() {
        SignedRecord r = record(DhtKey.hash("user/carol"), "profile", 42, 300);
        byte[] token = filled(16, 1);

        Store s = (Store) roundTrip(new Store(token, r));

        assertThat(s.token()).isEqualTo(token);
        assertThat(s.record()).isEqualTo(r);
        assertThat(RecordSigner.verify(s.record())).isTrue();
    }

    @Test
    void storeResult_shouldRoundTripStored() {
        StoreResult r = (StoreResult) roundTrip(StoreResult.stored());

        assertThat(r.isStored()).isTrue();
        assertThat(r.detail()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RejectionReason.class)
    void storeResult_shouldRoundTripEveryRefusal(RejectionReason reason) {
        StoreResult sent = new StoreResult(reason, "because " + reason);

        assertThat(roundTrip(sent)).isEqualTo(sent);
    }

    @Test
    void storeResult_shouldCutTheDetailToTheLimit() {
        byte[] bytes = encode(new StoreResult(RejectionReason.POLICY, "x".repeat(1000)));

        StoreResult r = (StoreResult) WireCodec.decode(bytes, MAX).body();

        assertThat(r.detail()).hasSize(WireLimits.MAX_DETAIL_CHARS);
    }

    @Test
    void truncated_shouldRoundTrip() {
        assertThat(roundTrip(new Truncated())).isInstanceOf(Truncated.class);
    }

    @Test
    void nodes_withTwentyIpv4ContactsAndAToken_shouldFitOneDatagram() {
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < WireLimits.MAX_CONTACTS; i++) {
            contacts.add(new Contact(NodeId.of(filled(32, 0xff)), address(filled(4, 0xfe), 65_535)));
        }
        Envelope e = new Envelope(-1L, NodeId.of(filled(32, 0xff)), new Nodes(contacts, filled(16, 0xff)));

        assertThat(WireCodec.encode(e)).hasSizeLessThanOrEqualTo(WireLimits.MAX_DATAGRAM_BYTES);
    }

    // ---- limits ------------------------------------------------------------------------------

    @Test
    void contactsFitting_shouldBeTheMostContactsAnEncodedReplyHolds() {
        Random random = new Random(5);
        DhtKey key = DhtKey.hash("fit");
        for (int round = 0; round < 300; round++) {
            List<SignedRecord> records = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                records.add(record(key, "s" + i, i, random.nextInt(400)));
            }
            List<Contact> contacts = new ArrayList<>();
            for (int i = 0; i < WireLimits.MAX_CONTACTS; i++) {
                byte[] ip = new byte[random.nextInt(4) == 0 ? 16 : 4];
                random.nextBytes(ip);
                contacts.add(new Contact(id(i), address(ip, 1 + random.nextInt(65_535))));
            }
            Optional<NodeCertificate> cert =
                    random.nextBoolean() ? Optional.of(certificate(1 + random.nextInt(4))) : Optional.empty();
            Values v = new Values(records, contacts, filled(16, 1), filled(random.nextInt(40), 2), cert);
            int max = 200 + random.nextInt(1400);

            int expected = -1;
            for (int n = 0; n <= contacts.size(); n++) {
                Values trimmed = new Values(records, contacts.subList(0, n), v.token(), v.nextCursor(), cert);
                if (WireCodec.encode(new Envelope(-1L, SENDER, trimmed, new byte[0], true)).length <= max) {
                    expected = n;
                }
            }

            assertThat(WireCodec.contactsFitting(SENDER, v, max))
                    .as("round %d, max %d", round, max)
                    .isEqualTo(expected);
        }
    }

    @Test
    void decode_shouldRejectAnotherVersion() {
        assertViolation(validPing().setVersion(2));
        assertViolation(validPing().clearVersion());
    }

    @Test
    void decode_shouldRejectAnEnvelopeWithoutBody() {
        assertViolation(validPing().clearPing());
    }

    @Test
    void decode_shouldRejectMoreContactsThanK() {
        byte[] bytes = encode(new Nodes(contacts(WireLimits.MAX_CONTACTS + 1), new byte[16]));

        assertViolation(bytes);
    }

    @Test
    void decode_shouldRejectMoreRecordsThanOnePageHolds() {
        SignedRecord r = record(DhtKey.hash("k"), "s", 1, 0);
        List<SignedRecord> records = Collections.nCopies(WireLimits.MAX_RECORDS_PER_PAGE + 1, r);

        assertViolation(encode(new Values(records, List.of(), new byte[0], new byte[0])));
        assertThat(WireCodec.decode(
                        encode(new Values(records.subList(1, records.size()), List.of(), new byte[0], new byte[0])),
                        MAX))
                .isNotNull();
    }

    @Test
    void decode_shouldRejectASenderIdThatIsNot32Bytes() {
        assertViolation(validPing().setSenderId(ByteString.copyFrom(new byte[31])));
        assertViolation(validPing().setSenderId(ByteString.copyFrom(new byte[33])));
    }

    @Test
    void decode_shouldRejectANonceOfTheWrongLength() {
        assertViolation(encode(new Ping(new byte[WireLimits.NONCE_BYTES - 1])));
        assertViolation(encode(new Ping(new byte[WireLimits.NONCE_BYTES + 1])));
        assertViolation(encode(new Ping(new byte[0])));
    }

    @Test
    void decode_shouldRejectATokenOver32Bytes() {
        byte[] token = new byte[WireLimits.MAX_TOKEN_BYTES + 1];

        assertViolation(encode(new Nodes(List.of(), token)));
        assertViolation(encode(new Values(List.of(), List.of(), token, new byte[0])));
        assertViolation(encode(new Store(token, record(DhtKey.hash("k"), "s", 1, 1))));
    }

    @Test
    void decode_shouldRejectACursorOverTheLimit() {
        byte[] cursor = new byte[WireLimits.MAX_CURSOR_BYTES + 1];

        assertViolation(encode(new FindValue(DhtKey.hash("k"), cursor)));
        assertViolation(encode(new Values(List.of(), List.of(), new byte[0], cursor)));
    }

    @Test
    void decode_shouldRejectAnIpAddressThatIsNeither4Nor16Bytes() {
        for (int length : new int[] {0, 5, 15, 17}) {
            assertViolation(nodesWithEndpoint(Endpoint.newBuilder()
                    .setIp(ByteString.copyFrom(new byte[length]))
                    .setPort(4000)));
        }
    }

    @Test
    void decode_shouldRejectAPortOutside1To65535() {
        for (int port : new int[] {0, 65_536, 70_000, -1}) {
            assertViolation(nodesWithEndpoint(Endpoint.newBuilder()
                    .setIp(ByteString.copyFrom(new byte[] {1, 2, 3, 4}))
                    .setPort(port)));
        }
    }

    @Test
    void decode_shouldRejectAPongWithABadObservedEndpoint() {
        var pong = io.confchat.dht.internal.wire.proto.Pong.newBuilder()
                .setPublicKey(ByteString.copyFrom(new byte[32]))
                .setSignature(ByteString.copyFrom(new byte[64]));

        assertViolation(validPing().setPong(pong));
        assertViolation(validPing()
                .setPong(pong.setObservedEndpoint(Endpoint.newBuilder()
                        .setIp(ByteString.copyFrom(new byte[5]))
                        .setPort(1))));
    }

    @Test
    void decode_shouldRejectAnUnknownStoreStatus() {
        var result = io.confchat.dht.internal.wire.proto.StoreResult.newBuilder();

        assertViolation(validPing().setStoreResult(result.setStatusValue(0)));
        assertViolation(validPing().setStoreResult(result.setStatusValue(77)));
    }

    @Test
    void decode_shouldRejectAStoreWithoutRecord() {
        assertViolation(validPing()
                .setStore(io.confchat.dht.internal.wire.proto.Store.newBuilder()
                        .setToken(ByteString.copyFrom(new byte[16]))));
    }

    @Test
    void decode_shouldRejectOversizedInputBeforeParsing() {
        byte[] valid = encode(new Ping(new byte[WireLimits.NONCE_BYTES]));

        assertThatThrownBy(() -> WireCodec.decode(valid, valid.length - 1))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining("exceeds")
                .hasNoCause();
        assertThatThrownBy(() -> WireCodec.decode(new byte[MAX + 1], MAX))
                .isInstanceOf(ProtocolViolationException.class)
                .hasNoCause();
        assertThat(WireCodec.decode(valid, valid.length).body()).isInstanceOf(Ping.class);
    }

    @Test
    void decode_shouldRejectATruncatedFlagWithABody() {
        assertViolation(validPing().setTruncated(true));
    }

    // ---- untrusted bytes ---------------------------------------------------------------------

    @Test
    void decode_shouldRejectEveryTruncationOfAValidEncoding() {
        for (byte[] valid : sampleEncodings()) {
            for (int length = 0; length < valid.length; length++) {
                byte[] cut = Arrays.copyOf(valid, length);
                assertThatThrownBy(() -> WireCodec.decode(cut, MAX))
                        .as("cut to %d of %d bytes", length, valid.length)
                        .isInstanceOf(ProtocolViolationException.class);
            }
        }
    }

    @Test
    void decode_shouldOnlyEverThrowProtocolViolationsForRandomBytes() {
        Random random = new Random(20_240_601);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(1501)];
            random.nextBytes(bytes);
            assertDecodesOrViolates(bytes, "random array " + i);
        }
    }

    @Test
    void decode_shouldOnlyEverThrowProtocolViolationsForSingleByteMutations() {
        Random random = new Random(7_331);
        List<byte[]> samples = sampleEncodings();
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = samples.get(random.nextInt(samples.size())).clone();
            int position = random.nextInt(bytes.length);
            bytes[position] ^= (byte) (1 + random.nextInt(255));
            if (assertDecodesOrViolates(bytes, "mutation " + i + " at " + position)) {
                decoded++;
            }
        }
        // some mutations land in opaque bytes (nonces, payloads) and must still decode
        assertThat(decoded).isPositive();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Encodes, decodes and re-encodes; the two encodings must be identical. Returns the decoded body. */
    private static Message roundTrip(Message body) {
        Envelope sent = new Envelope(0x0123_4567_89ab_cdefL, SENDER, body);
        byte[] bytes = WireCodec.encode(sent);

        Envelope received = WireCodec.decode(bytes, MAX);

        assertThat(received.requestId()).isEqualTo(sent.requestId());
        assertThat(received.senderId()).isEqualTo(SENDER);
        assertThat(received.body().getClass()).isEqualTo(body.getClass());
        assertThat(WireCodec.encode(received)).isEqualTo(bytes);
        return received.body();
    }

    /** Decoding may succeed or fail, but only with a ProtocolViolationException; true if it decoded. */
    private static boolean assertDecodesOrViolates(byte[] bytes, String what) {
        Throwable thrown = catchThrowable(() -> WireCodec.decode(bytes, MAX));
        if (thrown != null) {
            assertThat(thrown).as(what).isInstanceOf(ProtocolViolationException.class);
        }
        return thrown == null;
    }

    private static void assertViolation(io.confchat.dht.internal.wire.proto.Envelope.Builder envelope) {
        assertViolation(envelope.build().toByteArray());
    }

    private static void assertViolation(byte[] bytes) {
        assertThatThrownBy(() -> WireCodec.decode(bytes, MAX)).isInstanceOf(ProtocolViolationException.class);
    }

    private static byte[] encode(Message body) {
        return WireCodec.encode(new Envelope(1, SENDER, body));
    }

    /** A well-formed PING envelope, as protobuf, for tests that break one field of it. */
    private static io.confchat.dht.internal.wire.proto.Envelope.Builder validPing() {
        return io.confchat.dht.internal.wire.proto.Envelope.newBuilder()
                .setVersion(WireLimits.VERSION)
                .setRequestId(1)
                .setSenderId(ByteString.copyFrom(SENDER.bytes()))
                .setPing(io.confchat.dht.internal.wire.proto.Ping.newBuilder()
                        .setNonce(ByteString.copyFrom(new byte[WireLimits.NONCE_BYTES])));
    }

    private static io.confchat.dht.internal.wire.proto.Envelope.Builder nodesWithEndpoint(Endpoint.Builder endpoint) {
        return validPing()
                .setNodes(io.confchat.dht.internal.wire.proto.Nodes.newBuilder()
                        .addContacts(NodeContact.newBuilder()
                                .setId(ByteString.copyFrom(new byte[32]))
                                .setEndpoint(endpoint)
                                .build()
                                .toByteString()));
    }

    /** One valid encoding of every message type. */
    private static List<byte[]> sampleEncodings() {
        DhtKey key = DhtKey.hash("sample");
        return List.of(
                encode(new Ping(sequence(WireLimits.NONCE_BYTES))),
                encode(new Pong(filled(32, 1), filled(64, 2), address(sequence(16), 9000))),
                encode(new FindNode(NodeId.of(sequence(32)))),
                encode(new Nodes(contacts(WireLimits.MAX_CONTACTS), filled(16, 3))),
                encode(new FindValue(key, filled(33, 4))),
                encode(new Values(
                        List.of(record(key, "a", 1, 40), record(key, "b", 2, 0)),
                        contacts(3),
                        filled(16, 5),
                        filled(33, 6))),
                encode(new Store(filled(16, 7), record(key, "a", 9, 20))),
                encode(new FindValue(key, new byte[0], true)),
                encode(new Nodes(contacts(2), filled(16, 3), Optional.of(certificate(3)))),
                encode(new StoreResult(RejectionReason.QUOTA_EXCEEDED, "full")),
                encode(StoreResult.stored()),
                encode(new Truncated()));
    }

    private static NodeCertificate certificate(int endpoints) {
        List<InetSocketAddress> at = new ArrayList<>();
        at.add(address(sequence(16), 4001));
        for (int i = 1; i < endpoints; i++) {
            at.add(address(new byte[] {(byte) 203, 0, 113, (byte) i}, 4000));
        }
        return new NodeCertificate(filled(32, 9), at, 1_800_000_000L, filled(64, 10));
    }

    private static SignedRecord record(DhtKey key, String slot, long seq, int payloadBytes) {
        return SIGNER.sign(key, "note", slot.getBytes(StandardCharsets.US_ASCII), seq, 3600, sequence(payloadBytes));
    }

    private static List<Contact> contacts(int n) {
        List<Contact> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Contact(id(i), address(new byte[] {(byte) 198, 51, 100, (byte) i}, 1000 + i)));
        }
        return out;
    }

    private static NodeId id(int i) {
        byte[] b = sequence(32);
        b[0] = (byte) i;
        return NodeId.of(b);
    }

    private static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] sequence(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
