/**
 * The {@code confchat} command line: {@link io.confchat.cli.Main} is the entry point, each
 * subcommand is one class (for now {@code supernode}, which runs a DHT node others bootstrap
 * through).
 *
 * <p>Stdout carries only results meant to be read by people and scripts; logs go to stderr.
 * Exit codes: 0 success, 1 the command failed (e.g. no bootstrap node answered), 2 bad usage.
 */
package io.confchat.cli;
