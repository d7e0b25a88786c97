/**
 * The {@code confchat} command line: {@link io.confchat.cli.Main} is the entry point, each
 * subcommand is one class: {@code supernode} (a DHT node others bootstrap through, optionally with
 * demo users), {@code node} (the interactive client: {@code NodeCommand}, {@code Interactive},
 * {@code Screen}), and the scriptable {@code register}, {@code users}, {@code send}, {@code
 * inbox}, {@code history} and {@code whoami} ({@code ClientCommand}, {@code AccountCommand}).
 *
 * <p>Every command that starts a node binds every interface unless {@code --host} names one
 * address, and joins through {@code --bootstrap} ({@code Clients}); {@code --advertise} adds an
 * endpoint peers should try first. {@code whoami} and the supernode's {@code listening on} line
 * print the endpoints the node advertises ({@code Endpoints}: {@code
 * KademliaNode#advertisedEndpoints()}).
 *
 * <p>Options come from flags, {@code CONFCHAT_*} variables and {@code ~/.confchat/config}
 * ({@code ConfigDefaults}). Stdout carries only results meant to be read by people and scripts;
 * logs go to a file (stderr with {@code -v}). Exit codes: 0 success, 1 the command failed (e.g.
 * wrong password, no bootstrap node answered), 2 bad usage.
 */
package io.confchat.cli;
