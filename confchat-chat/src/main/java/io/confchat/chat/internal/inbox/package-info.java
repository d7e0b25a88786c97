/**
 * The offline inbox (docs/architecture.md#offline-inbox): a message to an offline user is signed by
 * the sender, sealed with HPKE to the recipient's inbox key ({@link
 * io.confchat.chat.internal.inbox.InboxSeal}) and stored under the recipient's inbox key; the
 * sender's {@link io.confchat.chat.internal.inbox.Outbox} re-puts it until the recipient's {@link
 * io.confchat.chat.internal.inbox.InboxReader} acknowledges it, which deletes it from the DHT.
 */
package io.confchat.chat.internal.inbox;
