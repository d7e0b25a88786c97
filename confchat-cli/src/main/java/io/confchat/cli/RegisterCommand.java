package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code confchat register -u <name>}: creates an account. */
@Command(
        name = "register",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Creates an account. The password comes from CONFCHAT_PASSWORD or is asked twice.",
            "Passwords need 8 to 72 bytes; usernames 3 to 32 of a-z 0-9 . _ -"
        })
final class RegisterCommand extends ClientCommand {
    @Mixin
    UserOptions account;

    private String password;

    @Override
    void prepare() {
        password = account.password("choose a password for " + account.user + ": ");
        if (System.getenv(UserOptions.PASSWORD_VARIABLE) == null) {
            String again = account.password("type it again: ");
            if (!again.equals(password)) {
                throw new CliFailure("the two passwords differ; nothing was registered");
            }
        }
    }

    @Override
    Object run(ChatClient client) {
        Clients.await(client.register(account.user, password));
        return Map.of("registered", ControlSockets.normalize(account.user));
    }

    @Override
    void printText(Object result, Output out) {
        out.line("registered " + Results.field(result, "registered"));
    }
}
