package io.confchat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the files a user installs next to the jar, from the same picocli model as {@code --help}:
 * {@code man/confchat.1} ({@link ManPage}) and {@code completion/confchat_completion} (bash and
 * zsh, picocli's {@link AutoComplete}). The build runs it in the package phase; any failure fails
 * the build.
 */
public final class InstallFiles {
    private InstallFiles() {}

    /** {@code InstallFiles <directory>}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        write(dir.resolve("man/confchat.1"), ManPage.render(new CommandLine(new Main())));
        write(
                dir.resolve("completion/confchat_completion"),
                AutoComplete.bash("confchat", new CommandLine(new Main())));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
