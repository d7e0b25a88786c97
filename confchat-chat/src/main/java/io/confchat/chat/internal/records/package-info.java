/**
 * The chat layer's records in the DHT (DESIGN.md 4): how their keys are derived ({@link
 * io.confchat.chat.internal.records.RecordKeys}), how payloads are decoded strictly ({@link
 * io.confchat.chat.internal.records.Payloads}), and the rules storing nodes apply to each type
 * ({@link io.confchat.chat.internal.records.ChatValidators}).
 */
package io.confchat.chat.internal.records;
