/**
 * One login, from login to logout (docs/architecture.md#the-shape-of-a-client): {@link
 * io.confchat.chat.internal.login.Login} owns everything a login has and handles its sessions'
 * events; {@link io.confchat.chat.internal.login.Router} decides how a text travels; {@link
 * io.confchat.chat.internal.login.Inbound} takes every received message through one
 * de-duplication; {@link io.confchat.chat.internal.login.Conversations} and {@link
 * io.confchat.chat.internal.login.Histories} hold the open conversations and save them as they
 * grow; {@link io.confchat.chat.internal.login.LoginGroups} is the login's group chats, with
 * {@code GroupChannels} (the pairwise channels and the one de-duplication for group messages),
 * {@code GroupViews} and {@code OpenGroup}. Start reading at {@code Login}.
 */
package io.confchat.chat.internal.login;
