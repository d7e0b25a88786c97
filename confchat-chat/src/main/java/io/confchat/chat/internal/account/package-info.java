/**
 * Accounts (docs/architecture.md#accounts-register-and-login): a user's keys sealed under the password in a
 * signed user record, opened on any node. Start at {@link
 * io.confchat.chat.internal.account.Accounts}.
 */
package io.confchat.chat.internal.account;
