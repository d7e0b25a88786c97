/**
 * Moving relayed live sessions to direct connections by hole punching (libp2p DCUtR): {@link
 * io.confchat.chat.internal.direct.DirectUpgrade} runs one exchange per relayed session.
 */
package io.confchat.chat.internal.direct;
