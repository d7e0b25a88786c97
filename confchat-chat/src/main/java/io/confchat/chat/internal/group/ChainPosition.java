package io.confchat.chat.internal.group;

import java.util.Map;

/**
 * Where one chain of a group stands: this member's sending chain after a message was sealed on it,
 * or a chain it reads after a message was opened from it. Kept on the device ({@link
 * ChainPositions}) in place of the whole group state, which is kept only when more than a position
 * changed. Secret (it holds the chain key): sealed in the device journal.
 *
 * @param chainId the chain's id (32 bytes)
 * @param chainKey the chain key of {@code iteration} (32 bytes)
 * @param iteration the next iteration
 * @param skipped a chain read: the keys of its skipped messages by iteration, oldest first (empty for
 *     the sending chain)
 */
record ChainPosition(byte[] chainId, byte[] chainKey, int iteration, Map<Integer, byte[]> skipped) {}
