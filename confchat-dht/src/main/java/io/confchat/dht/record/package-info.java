/**
 * Signing and per-type validation of {@link io.confchat.api.SignedRecord}s:
 * {@link io.confchat.dht.record.RecordSigner} for publishers, and the
 * {@link io.confchat.dht.record.RecordValidator} SPI through which higher layers add the rules of
 * their own record types (e.g. "first owner wins").
 */
package io.confchat.dht.record;
