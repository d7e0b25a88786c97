package io.confchat.cli;

import io.confchat.api.chat.ChatClient;

/** The first screen of the interactive client: log in or register, until it worked or the user quits. */
final class LoginScreen {
    private final ChatClient client;
    private final Screen screen;

    LoginScreen(ChatClient client, Screen screen) {
        this.client = client;
        this.screen = screen;
    }

    /** True once logged in; false when the user quit. */
    boolean run() {
        screen.say(Screen.bold("Welcome to conf-chat.").toString() + " Your messages are end-to-end encrypted.");
        while (true) {
            String choice = screen.ask("log in or register? [l/r, q quits] ");
            if (choice == null || choice.equals("q")) {
                return false;
            }
            if (!choice.equals("l") && !choice.equals("r")) {
                screen.error("type l to log in, r to create a user, q to quit");
                continue;
            }
            String user = screen.ask("username: ");
            if (user == null) {
                return false;
            }
            String password = screen.askSecret("password: ");
            if (password == null) {
                return false;
            }
            try {
                if (choice.equals("r")) {
                    String again = screen.askSecret("password again: ");
                    if (!password.equals(again)) {
                        screen.error("the two passwords differ; try again");
                        continue;
                    }
                    screen.progress(
                            "creating " + user + " (protecting the keys takes a moment)",
                            client.register(user, password));
                    screen.say(Screen.color("created " + user, Screen.GREEN));
                }
                screen.progress("logging in", client.login(user, password));
                screen.say(Screen.color("logged in as " + client.currentUser().orElse(user), Screen.GREEN));
                return true;
            } catch (CliFailure e) {
                screen.error(e.getMessage());
            }
        }
    }
}
