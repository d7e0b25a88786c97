package io.confchat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into {@code version.properties}, so it is never stale. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return new String[] {"confchat (unknown version)"};
            }
            Properties p = new Properties();
            p.load(in);
            return new String[] {"confchat " + p.getProperty("version", "(unknown version)")};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
