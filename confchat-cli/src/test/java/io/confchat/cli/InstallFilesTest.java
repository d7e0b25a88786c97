package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InstallFilesTest {
    @TempDir
    Path dir;

    @Test
    void manPage_shouldDocumentEveryCommandAndOption_fromTheHelpModel() {
        CommandLine cli = new CommandLine(new Main());
        String man = ManPage.render(cli);

        assertThat(man).startsWith(".TH CONFCHAT 1").contains(".SH COMMANDS", ".SH FILES", "control/<user>.sock");
        for (var sub : cli.getSubcommands().values()) {
            assertThat(man).contains(".SS \"confchat " + sub.getCommandName().replace("-", "\\-"));
            for (var option : sub.getCommandSpec().options()) {
                assertThat(man)
                        .as(sub.getCommandName())
                        .contains(option.longestName().replace("-", "\\-"));
            }
        }
        assertThat(man.lines()).noneMatch(line -> line.startsWith("'"));
    }

    @Test
    void main_shouldWriteTheManPageAndTheCompletionScript() throws Exception {
        InstallFiles.main(new String[] {dir.toString()});

        assertThat(dir.resolve("man/confchat.1")).isRegularFile();
        assertThat(Files.readString(dir.resolve("completion/confchat_completion")))
                .contains("complete -F _complete_confchat", "listen", "supernode", "--bootstrap");
    }
}
