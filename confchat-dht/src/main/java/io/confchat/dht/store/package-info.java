/**
 * Record storage behind the {@link io.confchat.dht.store.RecordStore} SPI; start with
 * {@link io.confchat.dht.store.InMemoryRecordStore}. The node applies every acceptance rule before
 * it writes, so a store is a plain, thread-safe container; it reports the bytes it holds ({@link
 * io.confchat.dht.store.StoreUsage}) for the quotas.
 */
package io.confchat.dht.store;
