package io.confchat.dht.internal.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.confchat.api.Contact;
import io.confchat.api.DhtKey;
import io.confchat.api.NodeId;
import io.confchat.api.ProtocolViolationException;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Encodes {@link Envelope}s to {@code dht.proto} bytes and decodes them strictly: the size is
 * checked before parsing, every field against {@link WireLimits}, and every failure is a {@link
 * ProtocolViolationException} (never another exception, whatever the bytes). Thread-safe; its
 * only state is the encoded form of recently sent contacts ({@link ContactCodec}).
 */
public final class WireCodec {
    private WireCodec() {}

    /** Encodes an envelope; the caller decides whether it fits a datagram. */
    public static byte[] encode(Envelope e) {
        return builder(e).build().toByteArray();
    }

    /**
     * Encodes an envelope padded with filler to about {@code padTo} bytes (never less; at most
     * {@link WireLimits#MAX_DATAGRAM_BYTES}), so that the request is as large as the reply it asks
     * for.
     */
    public static byte[] encodePadded(Envelope e, int padTo) {
        var b = builder(e);
        int size = b.build().getSerializedSize();
        int target = Math.min(padTo, WireLimits.MAX_DATAGRAM_BYTES);
        if (size + 3 < target) {
            int filler = target - size - 1 - CodedOutputStream.computeUInt32SizeNoTag(target - size);
            b.setPadding(ByteString.copyFrom(new byte[Math.max(0, filler)]));
        }
        return b.build().toByteArray();
    }

    /**
     * How many of the first contacts of {@code values} fit with the rest of it in an envelope of
     * at most {@code maxBytes} sent by {@code sender}, or -1 when the page does not fit even
     * without contacts. Exact (protobuf's encoding rules, the reply's request id and client flag
     * counted at their largest) and cheaper than encoding the reply once per try: the contacts are never encoded.
     */
    public static int contactsFitting(NodeId sender, Values values, int maxBytes) {
        Values bare =
                new Values(values.records(), List.of(), values.token(), values.nextCursor(), values.certificate());
        // the request id and the client flag at their largest: the reply may carry both
        var envelope =
                builder(new Envelope(-1L, sender, bare, new byte[0], true)).build();
        int envelopeBytes = envelope.getSerializedSize();
        int valuesBytes = envelope.getValues().getSerializedSize();
        if (envelopeBytes > maxBytes) {
            return -1;
        }
        int added = 0;
        int fitting = 0;
        for (Contact c : values.contacts()) {
            int field = contactFieldBytes(c);
            int grown =
                    envelopeBytes - varintBytes(valuesBytes) + varintBytes(valuesBytes + added + field) + added + field;
            if (grown > maxBytes) {
                break;
            }
            added += field;
            fitting++;
        }
        return fitting;
    }

    /** Bytes of one contact as a repeated field of a reply: tag, length, NodeContact. */
    private static int contactFieldBytes(Contact c) {
        int ip = c.address().getAddress().getAddress().length;
        int endpoint = 1 + varintBytes(ip) + ip + 1 + varintBytes(c.address().getPort());
        int contact = 1 + varintBytes(32) + 32 + 1 + varintBytes(endpoint) + endpoint;
        return 1 + varintBytes(contact) + contact;
    }

    private static int varintBytes(int value) {
        return CodedOutputStream.computeUInt32SizeNoTag(value);
    }

    private static io.confchat.dht.internal.wire.proto.Envelope.Builder builder(Envelope e) {
        var b = io.confchat.dht.internal.wire.proto.Envelope.newBuilder()
                .setVersion(WireLimits.VERSION)
                .setRequestId(e.requestId())
                .setSenderId(ByteString.copyFrom(e.senderId().bytes()));
        if (e.cookie().length > 0) {
            b.setCookie(ByteString.copyFrom(e.cookie()));
        }
        if (e.client()) {
            b.setClient(true);
        }
        Message m = e.body();
        if (m instanceof Ping p) {
            b.setPing(io.confchat.dht.internal.wire.proto.Ping.newBuilder().setNonce(ByteString.copyFrom(p.nonce())));
        } else if (m instanceof Pong p) {
            b.setPong(io.confchat.dht.internal.wire.proto.Pong.newBuilder()
                    .setPublicKey(ByteString.copyFrom(p.publicKey()))
                    .setSignature(ByteString.copyFrom(p.signature()))
                    .setObservedEndpoint(endpoint(p.observed())));
        } else if (m instanceof FindNode f) {
            b.setFindNode(io.confchat.dht.internal.wire.proto.FindNode.newBuilder()
                    .setTarget(ByteString.copyFrom(f.target().bytes()))
                    .setWantCertificate(f.wantCertificate()));
        } else if (m instanceof Nodes n) {
            var nb = io.confchat.dht.internal.wire.proto.Nodes.newBuilder()
                    .addAllContacts(toProto(n.contacts()))
                    .setToken(ByteString.copyFrom(n.token()));
            n.certificate().ifPresent(c -> nb.setCertificate(toProto(c)));
            b.setNodes(nb);
        } else if (m instanceof FindValue f) {
            b.setFindValue(io.confchat.dht.internal.wire.proto.FindValue.newBuilder()
                    .setKey(ByteString.copyFrom(f.key().bytes()))
                    .setCursor(ByteString.copyFrom(f.cursor()))
                    .setWantCertificate(f.wantCertificate()));
        } else if (m instanceof Values v) {
            var vb = io.confchat.dht.internal.wire.proto.Values.newBuilder()
                    .addAllContacts(toProto(v.contacts()))
                    .setToken(ByteString.copyFrom(v.token()))
                    .setNextCursor(ByteString.copyFrom(v.nextCursor()));
            v.records().forEach(r -> vb.addRecords(RecordCodec.toProto(r)));
            v.certificate().ifPresent(c -> vb.setCertificate(toProto(c)));
            b.setValues(vb);
        } else if (m instanceof Store s) {
            b.setStore(io.confchat.dht.internal.wire.proto.Store.newBuilder()
                    .setToken(ByteString.copyFrom(s.token()))
                    .setRecord(RecordCodec.toProto(s.record()))
                    .setExpiresInSeconds((int) Math.min(s.expiresInSeconds(), 0xffff_ffffL)));
        } else if (m instanceof StoreResult r) {
            b.setStoreResult(io.confchat.dht.internal.wire.proto.StoreResult.newBuilder()
                    .setStatus(StoreStatuses.toProto(r.refusal()))
                    .setDetail(truncate(r.detail())));
        } else if (m instanceof Truncated) {
            b.setTruncated(true);
        }
        return b;
    }

    /**
     * Decodes one envelope of at most {@code maxBytes}.
     *
     * @throws ProtocolViolationException for anything but a well-formed, in-limits envelope
     */
    public static Envelope decode(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw new ProtocolViolationException("message of " + bytes.length + " bytes exceeds " + maxBytes);
        }
        io.confchat.dht.internal.wire.proto.Envelope p;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(8);
            in.setSizeLimit(maxBytes);
            p = io.confchat.dht.internal.wire.proto.Envelope.parseFrom(in);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolViolationException("undecodable envelope", e);
        }
        if (p.getVersion() != WireLimits.VERSION) {
            throw new ProtocolViolationException("unsupported protocol version " + p.getVersion());
        }
        NodeId sender = NodeId.of(exactly(p.getSenderId(), 32, "sender id"));
        return new Envelope(
                p.getRequestId(),
                sender,
                body(p),
                atMost(p.getCookie(), WireLimits.MAX_TOKEN_BYTES, "cookie"),
                p.getClient());
    }

    private static Message body(io.confchat.dht.internal.wire.proto.Envelope p) {
        if (p.getTruncated()) {
            if (p.getBodyCase() != io.confchat.dht.internal.wire.proto.Envelope.BodyCase.BODY_NOT_SET) {
                throw new ProtocolViolationException("a truncated reply carries no body");
            }
            return new Truncated();
        }
        return switch (p.getBodyCase()) {
            case PING -> new Ping(exactly(p.getPing().getNonce(), WireLimits.NONCE_BYTES, "nonce"));
            case PONG ->
                new Pong(
                        exactly(p.getPong().getPublicKey(), 32, "public key"),
                        exactly(p.getPong().getSignature(), 64, "signature"),
                        address(p.getPong().getObservedEndpoint()));
            case FIND_NODE ->
                new FindNode(
                        NodeId.of(exactly(p.getFindNode().getTarget(), 32, "target")),
                        p.getFindNode().getWantCertificate());
            case NODES ->
                new Nodes(
                        contacts(p.getNodes().getContactsList()),
                        atMost(p.getNodes().getToken(), WireLimits.MAX_TOKEN_BYTES, "token"),
                        p.getNodes().hasCertificate()
                                ? Optional.of(certificate(p.getNodes().getCertificate()))
                                : Optional.empty());
            case FIND_VALUE ->
                new FindValue(
                        DhtKey.of(exactly(p.getFindValue().getKey(), 32, "key")),
                        atMost(p.getFindValue().getCursor(), WireLimits.MAX_CURSOR_BYTES, "cursor"),
                        p.getFindValue().getWantCertificate());
            case VALUES -> values(p.getValues());
            case STORE -> {
                if (!p.getStore().hasRecord()) {
                    throw new ProtocolViolationException("STORE without a record");
                }
                yield new Store(
                        atMost(p.getStore().getToken(), WireLimits.MAX_TOKEN_BYTES, "token"),
                        RecordCodec.fromProto(p.getStore().getRecord()),
                        Integer.toUnsignedLong(p.getStore().getExpiresInSeconds()));
            }
            case STORE_RESULT ->
                new StoreResult(
                        StoreStatuses.fromProto(p.getStoreResult().getStatus()),
                        truncate(p.getStoreResult().getDetail()));
            case BODY_NOT_SET -> throw new ProtocolViolationException("envelope without a body");
        };
    }

    private static Values values(io.confchat.dht.internal.wire.proto.Values v) {
        if (v.getRecordsCount() > WireLimits.MAX_RECORDS_PER_PAGE) {
            throw new ProtocolViolationException("too many records in one page: " + v.getRecordsCount());
        }
        List<SignedRecord> records = new ArrayList<>(v.getRecordsCount());
        v.getRecordsList().forEach(r -> records.add(RecordCodec.fromProto(r)));
        return new Values(
                records,
                contacts(v.getContactsList()),
                atMost(v.getToken(), WireLimits.MAX_TOKEN_BYTES, "token"),
                atMost(v.getNextCursor(), WireLimits.MAX_CURSOR_BYTES, "cursor"),
                v.hasCertificate() ? Optional.of(certificate(v.getCertificate())) : Optional.empty());
    }

    private static io.confchat.dht.internal.wire.proto.NodeCertificate toProto(NodeCertificate c) {
        var b = io.confchat.dht.internal.wire.proto.NodeCertificate.newBuilder()
                .setPublicKey(ByteString.copyFrom(c.publicKey()))
                .setNotAfter(c.notAfterSeconds())
                .setSignature(ByteString.copyFrom(c.signature()));
        c.endpoints().forEach(e -> b.addEndpoints(endpoint(e)));
        return b.build();
    }

    private static NodeCertificate certificate(io.confchat.dht.internal.wire.proto.NodeCertificate c) {
        if (c.getEndpointsCount() < 1 || c.getEndpointsCount() > NodeCertificate.MAX_ENDPOINTS) {
            throw new ProtocolViolationException("a certificate names 1 to " + NodeCertificate.MAX_ENDPOINTS
                    + " endpoints, got " + c.getEndpointsCount());
        }
        if (c.getNotAfter() < 0) {
            throw new ProtocolViolationException("certificate expiry out of range");
        }
        List<InetSocketAddress> endpoints = new ArrayList<>(c.getEndpointsCount());
        c.getEndpointsList().forEach(e -> endpoints.add(address(e)));
        return new NodeCertificate(
                exactly(c.getPublicKey(), 32, "certificate key"),
                endpoints,
                c.getNotAfter(),
                exactly(c.getSignature(), 64, "certificate signature"));
    }

    private static List<ByteString> toProto(List<Contact> contacts) {
        List<ByteString> out = new ArrayList<>(contacts.size());
        for (Contact c : contacts) {
            out.add(ContactCodec.encode(c));
        }
        return out;
    }

    private static List<Contact> contacts(List<ByteString> contacts) {
        if (contacts.size() > WireLimits.MAX_CONTACTS) {
            throw new ProtocolViolationException("too many contacts: " + contacts.size());
        }
        List<Contact> out = new ArrayList<>(contacts.size());
        for (ByteString c : contacts) {
            out.add(ContactCodec.decode(c));
        }
        return out;
    }

    private static Endpoint endpoint(InetSocketAddress a) {
        return ContactCodec.endpoint(a);
    }

    private static InetSocketAddress address(Endpoint e) {
        return ContactCodec.address(e.getIp().toByteArray(), e.getPort());
    }

    private static byte[] exactly(ByteString b, int length, String what) {
        if (b.size() != length) {
            throw new ProtocolViolationException(what + " must be " + length + " bytes, got " + b.size());
        }
        return b.toByteArray();
    }

    private static byte[] atMost(ByteString b, int max, String what) {
        if (b.size() > max) {
            throw new ProtocolViolationException(what + " longer than " + max + " bytes");
        }
        return b.toByteArray();
    }

    private static String truncate(String s) {
        return s.length() <= WireLimits.MAX_DETAIL_CHARS ? s : s.substring(0, WireLimits.MAX_DETAIL_CHARS);
    }

    /** Maps refusal reasons to the wire enum and back. */
    private static final class StoreStatuses {
        static io.confchat.dht.internal.wire.proto.StoreResult.Status toProto(RejectionReason reason) {
            if (reason == null) {
                return io.confchat.dht.internal.wire.proto.StoreResult.Status.STORED;
            }
            return io.confchat.dht.internal.wire.proto.StoreResult.Status.valueOf(reason.name());
        }

        static RejectionReason fromProto(io.confchat.dht.internal.wire.proto.StoreResult.Status s) {
            return switch (s) {
                case STORED -> null;
                case MALFORMED -> RejectionReason.MALFORMED;
                case TOO_LARGE -> RejectionReason.TOO_LARGE;
                case INVALID_SIGNATURE -> RejectionReason.INVALID_SIGNATURE;
                case STALE_SEQUENCE -> RejectionReason.STALE_SEQUENCE;
                case POLICY -> RejectionReason.POLICY;
                case TTL_TOO_LONG -> RejectionReason.TTL_TOO_LONG;
                case QUOTA_EXCEEDED -> RejectionReason.QUOTA_EXCEEDED;
                case INVALID_TOKEN -> RejectionReason.INVALID_TOKEN;
                case STATUS_UNSPECIFIED, UNRECOGNIZED -> throw new ProtocolViolationException("unknown store status");
            };
        }
    }
}
