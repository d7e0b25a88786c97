package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/**
 * A command that acts as a logged-in user: logs in first and out at the end, or asks the user's
 * running node ({@link ClientCommand}), which needs no password.
 */
abstract class AccountCommand extends ClientCommand {
    @Mixin
    UserOptions account;

    private String password;

    @Override
    void prepare() {
        password = account.password("password for " + account.user + ": ");
    }

    @Override
    Optional<String> controlUser() {
        return Optional.of(account.user);
    }

    @Override
    final Object run(ChatClient client) {
        beforeLogin(client);
        Clients.await(client.login(account.user, password));
        try {
            return runLoggedIn(client);
        } finally {
            Clients.await(client.logout());
        }
    }

    /** Work before logging in, e.g. listening for the inbox messages that login fetches. */
    void beforeLogin(ChatClient client) {}

    abstract Object runLoggedIn(ChatClient client);
}
