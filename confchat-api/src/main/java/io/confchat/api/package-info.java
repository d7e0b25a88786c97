/**
 * The stable API of conf-chat: value types and interfaces only, with no dependency beyond the JDK.
 *
 * <p>Start with {@link io.confchat.api.Dht}, the distributed hash table every higher layer stores
 * through, and {@link io.confchat.api.SignedRecord}, the one signed envelope it stores. Failures
 * are unchecked and extend {@link io.confchat.api.ConfChatException}.
 */
package io.confchat.api;
