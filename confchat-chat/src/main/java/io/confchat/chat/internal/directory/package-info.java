/**
 * The user directory (docs/architecture.md#the-user-directory): names listed in prefix pages that
 * grow one character deeper when full, and in 16 everyone pages while the network is small
 * ({@link io.confchat.chat.internal.directory.NameListing}); read by prefix or as everyone
 * ({@link io.confchat.chat.internal.directory.DirectoryReader}). Pages give names only: who owns a
 * name is the majority of its user record's replicas.
 */
package io.confchat.chat.internal.directory;
