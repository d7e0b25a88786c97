package io.confchat.cli;

import java.io.Console;
import picocli.CommandLine.Option;

/**
 * Who the scriptable commands act as: {@code --user}, and the password from the
 * {@code CONFCHAT_PASSWORD} variable or, when it is unset, a prompt without echo.
 */
final class UserOptions {
    static final String PASSWORD_VARIABLE = "CONFCHAT_PASSWORD";

    @Option(
            names = {"-u", "--user"},
            paramLabel = "<name>",
            required = true,
            description = "Your username. Also CONFCHAT_USER or user= in ~/.confchat/config.")
    String user;

    /**
     * The password: {@code CONFCHAT_PASSWORD}, else a prompt on the console.
     *
     * @throws CliFailure if neither is available
     */
    String password(String prompt) {
        String fromEnvironment = System.getenv(PASSWORD_VARIABLE);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        Console console = System.console();
        if (console == null) {
            throw new CliFailure("no password: set " + PASSWORD_VARIABLE + " or run in a terminal to be asked");
        }
        char[] typed = console.readPassword("%s", prompt);
        if (typed == null) {
            throw new CliFailure("no password given");
        }
        return new String(typed);
    }
}
