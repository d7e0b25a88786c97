package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.confchat.api.RecordRejectedException;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.AuthenticationException;
import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.InvalidUsernameException;
import io.confchat.api.chat.UsernameTakenException;
import io.confchat.api.chat.WeakPasswordException;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Register and log in over real sockets: on one node, then from other nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AccountsIT {
    private static final String PASSWORD = "correct horse battery";

    private final ChatNetwork network = new ChatNetwork(4);
    private final ChatClient first = network.client();
    private final ChatClient second = network.client();

    @AfterAll
    void stop() {
        network.close();
    }

    @Test
    void registerOnOneNode_loginFromAnother() {
        join(first.register("Alice", PASSWORD));

        join(second.login("alice", PASSWORD));

        assertThat(second.currentUser()).contains("alice");
        join(second.logout());
        assertThat(second.currentUser()).isEmpty();
    }

    @Test
    void wrongPasswordAndUnknownUser_failAlike() {
        join(first.register("bob", PASSWORD));

        Throwable wrongPassword = failure(second.login("bob", "not the password"));
        Throwable unknownUser = failure(second.login("nobody-here", PASSWORD));

        assertThat(wrongPassword).isInstanceOf(AuthenticationException.class);
        assertThat(unknownUser).isInstanceOf(AuthenticationException.class);
        assertThat(wrongPassword.getMessage()).isEqualTo(unknownUser.getMessage());
        assertThat(second.currentUser()).isEmpty();
    }

    @Test
    void aUserRecordWithAHostileBcryptCost_failsFast_withTheSameError() {
        // a well-signed user record whose salt asks for 2^30 bcrypt rounds (hours of work)
        Ed25519KeyPair eve = Ed25519KeyPair.generate(new SecureRandom());
        byte[] payload = UserRecord.newBuilder()
                .setUsername("eve")
                .setIdentityKey(ByteString.copyFrom(eve.publicKey()))
                .setInboxKey(ByteString.copyFrom(new byte[32]))
                .setKdfSalt("$2a$30$abcdefghijklmnopqrstuu")
                .setKeyBlobNonce(ByteString.copyFrom(new byte[12]))
                .setKeyBlob(ByteString.copyFrom(new byte[64]))
                .build()
                .toByteArray();
        SignedRecord hostile =
                new RecordSigner(eve).sign(RecordKeys.user("eve"), RecordTypes.USER, new byte[0], 1, 3600, payload);
        // storing nodes refuse it (the same check runs locally before sending)...
        assertThat(failure(Internals.node(first).put(hostile)))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("malformed user record");
        // ...and a client that still meets one (an attacker's node serving it) fails fast alike

        long started = System.nanoTime();
        Throwable hostileCost = failure(second.login("eve", PASSWORD));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Throwable unknownUser = failure(second.login("nobody-at-all", PASSWORD));

        assertThat(hostileCost).isInstanceOf(AuthenticationException.class);
        assertThat(hostileCost.getMessage()).isEqualTo(unknownUser.getMessage());
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(second.currentUser()).isEmpty();
    }

    @Test
    void aTakenName_isRefused_andTheOriginalStillLogsIn() {
        join(first.register("carol", PASSWORD));

        assertThat(failure(second.register("Carol", "another password")))
                .isInstanceOf(UsernameTakenException.class)
                .hasMessageContaining("carol")
                .hasMessageContaining("taken");
        join(second.login("carol", PASSWORD));
        join(second.logout());
    }

    @Test
    void passwordPolicy_refusesShortAndOverlongPasswords_withAReason() {
        assertThat(failure(first.register("dave", "123")))
                .isInstanceOf(WeakPasswordException.class)
                .hasMessageContaining("at least 8");
        assertThat(failure(first.register("dave", "x".repeat(73))))
                .isInstanceOf(WeakPasswordException.class)
                .hasMessageContaining("72");
    }

    @Test
    void invalidUsernames_areRefused_withTheAllowedForm() {
        assertThat(failure(first.register("a", PASSWORD)))
                .isInstanceOf(InvalidUsernameException.class)
                .hasMessageContaining("3 to 32");
        assertThat(failure(first.register("bad name!", PASSWORD))).isInstanceOf(InvalidUsernameException.class);
    }

    static <T> T join(CompletableFuture<T> f) {
        return f.orTimeout(30, TimeUnit.SECONDS).join();
    }

    static Throwable failure(CompletableFuture<?> f) {
        try {
            f.orTimeout(30, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
