package io.confchat.chat.internal.session;

import io.confchat.chat.internal.account.UserKeys;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What every session of a client shares.
 *
 * @param transport where connections come from
 * @param scheduler the only clock and timer
 * @param random for Noise ephemeral keys
 * @param handshakeTimeout a connection must finish its Noise handshake this long after it opened
 * @param ackTimeout a text unacknowledged this long ends its session as lost
 * @param dialTimeout a dial that has no session this long after it started gives up
 * @param lookup finds a user's public keys by name (a dialer's user record)
 */
public record SessionSettings(
        SessionTransport transport,
        Scheduler scheduler,
        SecureRandom random,
        Duration handshakeTimeout,
        Duration ackTimeout,
        Duration dialTimeout,
        Function<String, CompletableFuture<Optional<UserKeys>>> lookup) {}
