package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void flagsWin_thenTheEnvironment_thenTheConfigFile_thenTheDefault() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "bootstrap=10.0.0.1:4000\nport=5000\nhost=127.0.0.9\n");
        Properties fromFile = ConfigDefaults.readFile(file);
        ConfigDefaults defaults = new ConfigDefaults(Map.of("CONFCHAT_PORT", "6000"), fromFile);

        NetworkOptions fromDefaults = parse(defaults);
        NetworkOptions withFlag = parse(defaults, "--port", "7000");

        assertThat(fromDefaults.port).as("environment over file").isEqualTo(6000);
        assertThat(fromDefaults.host).as("file over default").isEqualTo("127.0.0.9");
        assertThat(fromDefaults.bootstrap).extracting(a -> a.getPort()).containsExactly(4000);
        assertThat(withFlag.port).as("flag over everything").isEqualTo(7000);
        assertThat(parse(new ConfigDefaults(Map.of(), new Properties())).port).isZero();
    }

    @Test
    void environmentVariable_isTheOptionNameInUpperCase() {
        assertThat(ConfigDefaults.environmentVariable("data-dir")).isEqualTo("CONFCHAT_DATA_DIR");
    }

    private static NetworkOptions parse(ConfigDefaults defaults, String... args) {
        Holder holder = new Holder();
        CommandLine cli = new CommandLine(holder).setDefaultValueProvider(defaults);
        cli.setErr(new PrintWriter(new StringWriter()));
        cli.parseArgs(args);
        return holder.network;
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        NetworkOptions network;
    }
}
