package io.confchat.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line comes from: first the environment variable
 * {@code CONFCHAT_<NAME>} (e.g. {@code CONFCHAT_BOOTSTRAP} for {@code --bootstrap}), then the
 * line {@code <name>=<value>} of {@code ~/.confchat/config} (a properties file), then the
 * option's own default.
 */
final class ConfigDefaults implements IDefaultValueProvider {
    /** The configuration file, relative to the home directory. */
    static final String CONFIG_FILE = ".confchat/config";

    private final Map<String, String> environment;
    private final Properties file;

    ConfigDefaults(Map<String, String> environment, Properties file) {
        this.environment = environment;
        this.file = file;
    }

    /** Reads the process environment and the configuration file in the home directory, if any. */
    static ConfigDefaults load() {
        return new ConfigDefaults(System.getenv(), readFile(home().resolve(CONFIG_FILE)));
    }

    /** The home directory: {@code $HOME}, else the JVM's {@code user.home} (which ignores {@code $HOME}). */
    static Path home() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    static Properties readFile(Path path) {
        Properties p = new Properties();
        if (Files.isRegularFile(path)) {
            try (Reader r = Files.newBufferedReader(path)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("confchat: ignoring " + path + ": " + e.getMessage());
            }
        }
        return p;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = option.longestName().replaceFirst("^-+", "");
        String fromEnvironment = environment.get(environmentVariable(name));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return file.getProperty(name);
    }

    static String environmentVariable(String optionName) {
        return "CONFCHAT_" + optionName.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
