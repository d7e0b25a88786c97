/**
 * Record storage behind the {@link io.confchat.dht.store.RecordStore} SPI; start with
 * {@link io.confchat.dht.store.InMemoryRecordStore}. The node applies every acceptance rule before
 * it writes, so a store is a plain, thread-safe container.
 */
package io.confchat.dht.store;
