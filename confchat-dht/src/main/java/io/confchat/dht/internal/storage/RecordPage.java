package io.confchat.dht.internal.storage;

import io.confchat.api.SignedRecord;
import java.util.List;

/**
 * One page of the records under a key, in (owner, slot) order.
 *
 * @param nextCursor where the next page starts; empty on the last page
 */
public record RecordPage(List<SignedRecord> records, byte[] nextCursor) {}
