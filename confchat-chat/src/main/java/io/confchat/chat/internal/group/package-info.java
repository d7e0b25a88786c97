/**
 * Group chats (docs/architecture.md#group-chats): the sender-key chains that encrypt group
 * messages and the signed membership records with their epoch chain.
 *
 * <p>Start with {@link io.confchat.chat.internal.group.SendingChain} and {@link
 * io.confchat.chat.internal.group.ReceivingChain} (one member's chain, as its sender and as every
 * other member holds it), built on {@link io.confchat.chat.internal.group.ChainKey}; messages are
 * decoded strictly by {@link io.confchat.chat.internal.group.GroupMessageCodec}. Membership: {@link
 * io.confchat.chat.internal.group.GroupStates} decodes and signs a {@code GroupState}, {@link
 * io.confchat.chat.internal.group.MembershipChain} decides whether a record is the next link.
 * Nothing here does I/O or keeps time; none of it is thread-safe unless it says so (a login owns
 * its chains and uses them on its serial executor).
 */
package io.confchat.chat.internal.group;
