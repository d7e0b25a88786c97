package io.confchat.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the {@code confchat(1)} man page (troff, {@code man} macros) from the same picocli model
 * as {@code --help}, so it never drifts from the commands. The build writes it ({@link
 * InstallFiles}); the README says how to install it.
 */
final class ManPage {
    private ManPage() {}

    static String render(CommandLine cli) {
        CommandSpec root = cli.getCommandSpec();
        String version = String.join(" ", root.version());
        StringBuilder m = new StringBuilder();
        m.append(".TH CONFCHAT 1 \"\" \"").append(text(version)).append("\" \"User Commands\"\n");
        m.append(".SH NAME\nconfchat \\- peer\\-to\\-peer chat on a signed Kademlia DHT, end\\-to\\-end encrypted\n");
        m.append(".SH SYNOPSIS\n.B confchat\n[\\fB\\-v\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n");
        m.append(".SH DESCRIPTION\n");
        paragraph(m, List.of(root.usageMessage().description()));
        options(m, root);
        m.append(".SH COMMANDS\n");
        for (CommandLine sub : cli.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (spec.usageMessage().hidden()) {
                continue;
            }
            m.append(".SS \"confchat ").append(text(spec.name()));
            for (PositionalParamSpec p : spec.positionalParameters()) {
                m.append(' ').append(text(p.paramLabel()));
            }
            m.append("\"\n");
            paragraph(m, List.of(spec.usageMessage().description()));
            for (PositionalParamSpec p : spec.positionalParameters()) {
                m.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n");
                m.append(text(String.join(" ", p.description()))).append('\n');
            }
            options(m, spec);
        }
        m.append(".SH ENVIRONMENT\n");
        item(
                m,
                "CONFCHAT_<OPTION>",
                "The value of an option not given as a flag, e.g. CONFCHAT_BOOTSTRAP for "
                        + "--bootstrap; then <option>=<value> lines in ~/.confchat/config.");
        item(m, "CONFCHAT_PASSWORD", "The password of the commands that log in; without it they ask.");
        item(m, "NO_COLOR", "No colours in the interactive client.");
        item(m, "HOME", "Where ~/.confchat is.");
        m.append(".SH FILES\n");
        item(m, "~/.confchat/config", "Defaults for options, one <option>=<value> per line.");
        item(m, "~/.confchat/confchat.log", "Warnings (in the --data-dir when one is given).");
        item(
                m,
                "<data dir>/control/<user>.sock",
                "The control socket of a running listen or node of <user> "
                        + "(data dir: --data-dir, else ~/.confchat); the directory is rwx------, the socket rw-------, and "
                        + "only processes of the same system user are answered. send, inbox, history and users of that "
                        + "user go through it.");
        m.append(".SH EXIT STATUS\n0 done, 1 the command failed (one line on stderr), 2 usage error; a listen or "
                + "supernode stopped by SIGTERM exits with 143.\n");
        m.append(".SH SEE ALSO\nThe README of conf\\-chat: the quick start, scriptable commands, addresses.\n");
        return m.toString();
    }

    private static void options(StringBuilder m, CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            m.append(".TP\n\\fB").append(text(String.join(", ", o.names()))).append("\\fR");
            if (o.arity().max() > 0) {
                m.append(" \\fI").append(text(o.paramLabel())).append("\\fR");
            }
            m.append('\n');
            String description = String.join(" ", o.description());
            description = description.replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()));
            m.append(text(description)).append('\n');
        }
    }

    private static void paragraph(StringBuilder m, List<String> lines) {
        m.append(".PP\n");
        for (String line : lines) {
            m.append(line.isBlank() ? ".PP" : text(line)).append('\n');
        }
    }

    private static void item(StringBuilder m, String name, String text) {
        m.append(".TP\n\\fB")
                .append(text(name))
                .append("\\fR\n")
                .append(text(text))
                .append('\n');
    }

    /** Text safe in troff: backslashes and dashes escaped, no line starting with a control character. */
    static String text(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        if (t.startsWith(".") || t.startsWith("'")) {
            t = "\\&" + t;
        }
        return t.replace("\n.", "\n\\&.");
    }
}
