package io.confchat.chat.internal.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.chat.internal.crypto.Sha256;
import io.confchat.chat.internal.proto.GroupMembership;
import io.confchat.chat.internal.records.Usernames;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Encoding, signing and strict decoding of membership records (docs/wire-protocol.md#group-records-groupproto).
 * A decoder checks the size before parsing and every field after it, and returns empty for
 * anything out of bounds, never an exception. Stateless and thread-safe.
 */
final class GroupStates {
    static final int MAX_MEMBERS = 100;
    static final int MAX_NAME_CHARS = 64;
    static final int MAX_STATE_BYTES = 16 * 1024;
    /** A membership record: the state, a signature and their framing. */
    static final int MAX_RECORD_BYTES = MAX_STATE_BYTES + 128;

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 16;

    private static final byte[] GROUP_ID_TAG = "confchat/group-id/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATE_TAG = "confchat/group-state/v1".getBytes(StandardCharsets.US_ASCII);

    private GroupStates() {}

    /** {@code SHA-256("confchat/group-id/v1" | creatorKey | creatorNonce)}. */
    static byte[] groupId(byte[] creatorKey, byte[] creatorNonce) {
        return Sha256.digest(ByteBuffer.allocate(GROUP_ID_TAG.length + creatorKey.length + creatorNonce.length)
                .put(GROUP_ID_TAG)
                .put(creatorKey)
                .put(creatorNonce)
                .array());
    }

    /** What the signer signs: {@code "confchat/group-state/v1" | stateBytes}. */
    static byte[] signingInput(byte[] stateBytes) {
        return ByteBuffer.allocate(STATE_TAG.length + stateBytes.length)
                .put(STATE_TAG)
                .put(stateBytes)
                .array();
    }

    /** The link the next epoch names: {@code SHA-256("confchat/group-state/v1" | stateBytes)}. */
    static byte[] hash(byte[] stateBytes) {
        return Sha256.digest(signingInput(stateBytes));
    }

    /**
     * Encodes {@code state} and signs it with {@code signer}; returns the record's payload.
     *
     * @throws IllegalArgumentException if the signer is not the state's signer, or the state would
     *     not decode (so nothing unreadable is ever signed)
     */
    static byte[] sign(GroupState state, Ed25519KeyPair signer) {
        if (!java.util.Arrays.equals(signer.publicKey(), state.signerKey())) {
            throw new IllegalArgumentException("the state names another signer");
        }
        byte[] stateBytes = encodeState(state);
        byte[] record = GroupMembership.newBuilder()
                .setState(ByteString.copyFrom(stateBytes))
                .setSignature(ByteString.copyFrom(signer.sign(signingInput(stateBytes))))
                .build()
                .toByteArray();
        if (decode(record).isEmpty()) {
            throw new IllegalArgumentException("the state is outside the limits of a membership record");
        }
        return record;
    }

    /** The membership record (an encoded GroupMembership) of a decoded one: the same bytes it came from. */
    static byte[] encodeRecord(SignedGroupState s) {
        return GroupMembership.newBuilder()
                .setState(ByteString.copyFrom(s.stateBytes()))
                .setSignature(ByteString.copyFrom(s.signature()))
                .build()
                .toByteArray();
    }

    static byte[] encodeState(GroupState s) {
        var b = io.confchat.chat.internal.proto.GroupState.newBuilder()
                .setGroupId(ByteString.copyFrom(s.groupId()))
                .setCreatorIdentityKey(ByteString.copyFrom(s.creatorKey()))
                .setCreatorNonce(ByteString.copyFrom(s.creatorNonce()))
                .setEpoch(s.epoch())
                .setPreviousStateHash(ByteString.copyFrom(s.previousHash()))
                .setName(s.name())
                .setSignerIdentityKey(ByteString.copyFrom(s.signerKey()))
                .setIssuedAtMillis(s.issuedAtMillis());
        for (GroupMember m : s.members()) {
            b.addMembers(io.confchat.chat.internal.proto.GroupMember.newBuilder()
                    .setUsername(m.username())
                    .setIdentityKey(ByteString.copyFrom(m.identityKey()))
                    .setAdmin(m.admin()));
        }
        return b.build().toByteArray();
    }

    /**
     * The membership record in {@code record}, or empty if it is too large, does not parse, or its
     * state breaks a rule: ids, keys and hashes of their lengths, the group id derived from the
     * creator, a previous hash exactly when the epoch is above 0, a name of 1 to 64 characters (NFC,
     * no control or format characters), 1 to 100 members with normalized names and distinct keys
     * and names, at least one admin. The signature is not checked here (see {@link
     * SignedGroupState#isSignedBySigner()}).
     */
    static Optional<SignedGroupState> decode(byte[] record) {
        if (record == null || record.length > MAX_RECORD_BYTES) {
            return Optional.empty();
        }
        try {
            GroupMembership m = GroupMembership.parseFrom(record);
            byte[] stateBytes = m.getState().toByteArray();
            if (stateBytes.length > MAX_STATE_BYTES || m.getSignature().size() != Ed25519KeyPair.SIGNATURE_BYTES) {
                return Optional.empty();
            }
            return state(io.confchat.chat.internal.proto.GroupState.parseFrom(stateBytes))
                    .map(s ->
                            new SignedGroupState(s, stateBytes, m.getSignature().toByteArray()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    private static Optional<GroupState> state(io.confchat.chat.internal.proto.GroupState p) {
        byte[] creator = p.getCreatorIdentityKey().toByteArray();
        byte[] nonce = p.getCreatorNonce().toByteArray();
        byte[] groupId = p.getGroupId().toByteArray();
        boolean genesis = p.getEpoch() == 0;
        if (creator.length != KEY_BYTES
                || nonce.length != NONCE_BYTES
                || !java.util.Arrays.equals(groupId, groupId(creator, nonce))
                || p.getEpoch() < 0
                || p.getPreviousStateHash().size() != (genesis ? 0 : KEY_BYTES)
                || p.getSignerIdentityKey().size() != KEY_BYTES
                || !isGroupName(p.getName())) {
            return Optional.empty();
        }
        return members(p.getMembersList())
                .map(members -> new GroupState(
                        groupId,
                        creator,
                        nonce,
                        p.getEpoch(),
                        p.getPreviousStateHash().toByteArray(),
                        p.getName(),
                        members,
                        p.getSignerIdentityKey().toByteArray(),
                        p.getIssuedAtMillis()));
    }

    private static Optional<List<GroupMember>> members(List<io.confchat.chat.internal.proto.GroupMember> list) {
        if (list.isEmpty() || list.size() > MAX_MEMBERS) {
            return Optional.empty();
        }
        List<GroupMember> members = new ArrayList<>(list.size());
        Set<String> keys = new HashSet<>();
        Set<String> names = new HashSet<>();
        boolean anyAdmin = false;
        for (var m : list) {
            if (!Usernames.isNormalized(m.getUsername()) || m.getIdentityKey().size() != KEY_BYTES) {
                return Optional.empty();
            }
            byte[] key = m.getIdentityKey().toByteArray();
            if (!keys.add(HexFormat.of().formatHex(key)) || !names.add(m.getUsername())) {
                return Optional.empty();
            }
            anyAdmin |= m.getAdmin();
            members.add(new GroupMember(m.getUsername(), key, m.getAdmin()));
        }
        return anyAdmin ? Optional.of(members) : Optional.empty();
    }

    /** 1 to 64 characters, NFC, none of them a control, format (bidi overrides) or separator character. */
    static boolean isGroupName(String name) {
        int chars = name.codePointCount(0, name.length());
        if (chars < 1 || chars > MAX_NAME_CHARS || !Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return false;
        }
        return name.codePoints().noneMatch(c -> switch (Character.getType(c)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.PRIVATE_USE -> true;
            default -> false;
        });
    }
}
