/**
 * What a node accepts and serves: {@link io.confchat.dht.internal.storage.RecordStorage} applies
 * the record rules and quotas in front of a {@link io.confchat.dht.store.RecordStore};
 * {@link io.confchat.dht.internal.storage.WriteTokens} guards STOREs against spoofed addresses.
 */
package io.confchat.dht.internal.storage;
