/**
 * Accounts (DESIGN.md 4, "Register" and "Login"): a user's keys sealed under the password in a
 * signed user record, opened on any node. Start at {@link
 * io.confchat.chat.internal.account.Accounts}.
 */
package io.confchat.chat.internal.account;
