/**
 * The {@code confchat} command line: {@link io.confchat.cli.Main} is the entry point, each
 * subcommand is one class: {@code supernode} (a DHT node others bootstrap through, optionally with
 * demo users), {@code node} (the interactive client: {@code NodeCommand}, {@code Interactive},
 * {@code Screen}), and the scriptable {@code register}, {@code users}, {@code send}, {@code
 * inbox}, {@code history} and {@code whoami} ({@code ClientCommand}, {@code AccountCommand}).
 *
 * <p>Options come from flags, {@code CONFCHAT_*} variables and {@code ~/.confchat/config}
 * ({@code ConfigDefaults}). Stdout carries only results meant to be read by people and scripts;
 * logs go to a file (stderr with {@code -v}). Exit codes: 0 success, 1 the command failed (e.g.
 * wrong password, no bootstrap node answered), 2 bad usage.
 */
package io.confchat.cli;
