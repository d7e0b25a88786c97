/**
 * The chat layer's records in the DHT (docs/wire-protocol.md#chat-records-chatproto): how their keys are derived ({@link
 * io.confchat.chat.internal.records.RecordKeys}), how payloads are decoded strictly ({@link
 * io.confchat.chat.internal.records.Payloads}), and the rules storing nodes apply to each type
 * ({@link io.confchat.chat.internal.records.ChatValidators}).
 */
package io.confchat.chat.internal.records;
