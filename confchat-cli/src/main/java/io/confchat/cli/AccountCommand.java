package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;

/** A command that acts as a logged-in user: logs in first and out at the end. */
abstract class AccountCommand extends ClientCommand {
    @Mixin
    UserOptions account;

    private String password;

    @Override
    void prepare() {
        password = account.password("password for " + account.user + ": ");
    }

    @Override
    final void run(ChatClient client, PrintWriter out) {
        beforeLogin(client);
        Clients.await(client.login(account.user, password));
        try {
            runLoggedIn(client, out);
        } finally {
            Clients.await(client.logout());
        }
    }

    /** Work before logging in, e.g. listening for the inbox messages that login fetches. */
    void beforeLogin(ChatClient client) {}

    abstract void runLoggedIn(ChatClient client, PrintWriter out);
}
