package io.confchat.dht.store;

/**
 * How many bytes a {@link RecordStore} holds, as the quotas see them: everything, and the parts
 * that one candidate record would join. A record's size is its encoded size on the wire ({@link
 * StoredRecord#sizeBytes()}).
 *
 * @param total every record
 * @param key records under the candidate's key
 * @param keyBySource records under the key stored by the candidate's source
 * @param keyByOwner records under the key owned by the candidate's owner
 * @param owner records of the owner, across keys
 * @param source records stored by the source, across keys
 * @param type records of the candidate's type, across keys
 */
public record StoreUsage(long total, long key, long keyBySource, long keyByOwner, long owner, long source, long type) {}
