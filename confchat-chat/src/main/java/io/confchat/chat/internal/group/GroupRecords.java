package io.confchat.chat.internal.group;

import io.confchat.api.DhtKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Where group records live in the DHT (docs/wire-protocol.md#group-records-groupproto): the
 * membership epochs under the group id, each message under a page of its chain. Stateless.
 *
 * <pre>
 *   group      H("group/" + hex(gid) + "/" + epoch / 3)        slot = epoch (8 bytes)   owner = signer IK
 *   group-msg  H("group-msg/" + hex(chain id) + "/" + i / 64)  slot = i (4 bytes)       owner = chain id
 * </pre>
 */
final class GroupRecords {
    static final String MEMBERSHIP_TYPE = "group";
    static final String MESSAGE_TYPE = "group-msg";
    /**
     * Epochs per page of a group's membership: a page is one DHT key, of which one signer may fill
     * 1/16 (64 KiB); three of the largest records (16 KiB each, with the record's envelope) fit,
     * so an admin can publish any number of changes (one key for all epochs held only about 13 of
     * a 100-member group's).
     */
    static final int EPOCHS_PER_PAGE = 3;
    /** Messages per page of a chain: a page is one DHT key, far below its 256-record quota. */
    static final int PAGE_SIZE = 64;
    /** Membership records live a year, republished by the admins. */
    static final Duration MEMBERSHIP_TTL = Duration.ofDays(365);
    /** A message waits 30 days for members to catch up, like an inbox item. */
    static final Duration MESSAGE_TTL = Duration.ofDays(30);
    /** The seq of every message record (a slot holds one iteration, written once). */
    static final long MESSAGE_SEQ = 1;

    private static final HexFormat HEX = HexFormat.of();

    private GroupRecords() {}

    /** The key of the page that holds epoch {@code epoch} of the group's membership. */
    static DhtKey membershipPage(byte[] groupId, long epoch) {
        return DhtKey.hash("group/" + HEX.formatHex(groupId) + "/" + epoch / EPOCHS_PER_PAGE);
    }

    static byte[] epochSlot(long epoch) {
        return ByteBuffer.allocate(Long.BYTES).putLong(epoch).array();
    }

    /** The key of the page that holds iteration {@code iteration} of chain {@code chainId}. */
    static DhtKey messagePage(byte[] chainId, int iteration) {
        return DhtKey.hash("group-msg/" + HEX.formatHex(chainId) + "/" + iteration / PAGE_SIZE);
    }

    static byte[] iterationSlot(int iteration) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(iteration).array();
    }
}
