/**
 * The {@code confchat} command line: {@link io.confchat.cli.Main} is the entry point, each
 * subcommand is one class:
 *
 * <ul>
 *   <li>{@code supernode}: a DHT node others bootstrap through, optionally with demo users.
 *   <li>{@code node}: the interactive client. {@code LoginScreen}, then {@code Interactive} (the
 *       user list and the chats, slash commands: {@code SlashCommand}), {@code ChatNotices} (what
 *       arrives: messages, delivery, sessions), {@code ChatBoard} (the shown chat, unread counts,
 *       delivery marks, the status line), {@code ChatLines} (timestamps, actions, marks), {@code
 *       ChatCompleter} (Tab), all drawn by {@code Screen} (JLine: every line above the prompt or
 *       the spinner, under one lock).
 *   <li>{@code listen}: stays logged in for scripts and bots; events out ({@code ListenEvents},
 *       text or one JSON object per line), texts in from stdin ({@code ListenInput}).
 *   <li>The one-shot {@code register}, {@code users}, {@code send}, {@code inbox}, {@code
 *       history} and {@code whoami} ({@code ClientCommand}, {@code AccountCommand}, results as
 *       JSON values in {@code Results} and {@code Messages}).
 * </ul>
 *
 * <p><b>Control socket.</b> A logged-in {@code node} or {@code listen} answers the one-shot
 * commands of its user on a Unix-domain socket, {@code <data dir>/control/<user>.sock} ({@code
 * ControlProtocol} documents the exchange; {@code ControlSockets}: directory 0700, socket 0600;
 * {@code ControlServer} answers only processes of its own system user, checked with {@code
 * SO_PEERCRED}; {@code ControlClient}). Its texts go out through the same {@code OpenChats} as
 * typed ones, so they show in the chat. Without a running node the commands start one, as
 * before.
 *
 * <p><b>What reaches the terminal.</b> Every character shown, interactive or printed by a
 * command, passes {@code TerminalText}: control characters, escape sequences, line separators and
 * bidirectional overrides a peer may have put into a text are replaced, never interpreted. JSON
 * output escapes the same characters.
 *
 * <p>Every command that starts a node binds every interface unless {@code --host} names one
 * address, and joins through {@code --bootstrap} ({@code Clients}); {@code --advertise} adds an
 * endpoint peers should try first. {@code whoami} and the supernode's {@code listening on} line
 * print the endpoints the node advertises ({@code Endpoints}: {@code
 * KademliaNode#advertisedEndpoints()}).
 *
 * <p>Options come from flags, {@code CONFCHAT_*} variables and {@code ~/.confchat/config}
 * ({@code ConfigDefaults}; the home directory is {@code $HOME}). Stdout carries only results
 * meant to be read by people and scripts; logs go to a file (stderr with {@code -v}). Exit codes:
 * 0 success, 1 the command failed (e.g. wrong password, no bootstrap node answered), 2 bad usage.
 * The build also writes the man page and the shell completion script ({@code InstallFiles}).
 */
package io.confchat.cli;
