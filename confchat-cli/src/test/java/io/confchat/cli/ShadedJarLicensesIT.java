package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded CLI jar redistributes its dependencies, so it must carry their terms: our LICENSE and
 * NOTICE, every license, notice or license directory that a bundled jar ships (unchanged, under
 * {@code META-INF/licenses/<artifactId>/}), and a list naming every bundled dependency with its
 * license. The bundled jars are found from this test's own classpath (Failsafe puts the CLI's
 * dependencies on it): a jar counts as bundled when the shaded jar holds one of its classes.
 */
class ShadedJarLicensesIT {
    /** The same paths the parent pom's third-party-licenses execution copies. */
    private static final Pattern LICENSE_FILE = Pattern.compile(
            "(META-INF/(LICENSE|NOTICE|DEPENDENCIES|THIRD-PARTY)[^/]*|META-INF/licenses?/.+|(LICENSE|NOTICE|COPYING|THIRD-PARTY)[^/]*)");

    private static JarFile shaded;

    @BeforeAll
    static void openShadedJar() throws IOException {
        shaded = new JarFile(SupernodeProcess.cliJar().toFile());
    }

    @AfterAll
    static void closeShadedJar() throws IOException {
        shaded.close();
    }

    @Test
    void carriesOurLicenseAndNotice() throws IOException {
        assertThat(read(shaded, "META-INF/LICENSE")).isEqualTo(Files.readAllBytes(Paths.get("..", "LICENSE")));
        String ourNotice = Files.readString(Paths.get("..", "NOTICE"), StandardCharsets.UTF_8);
        String firstParagraph = ourNotice.substring(0, ourNotice.indexOf("\n\n"));
        assertThat(new String(read(shaded, "META-INF/NOTICE"), StandardCharsets.UTF_8))
                .contains(firstParagraph);
    }

    @Test
    void keepsEveryLicenseFileOfEveryBundledJarAndListsEachJar() throws IOException {
        String thirdParty = new String(read(shaded, "META-INF/THIRD-PARTY.txt"), StandardCharsets.UTF_8);
        List<String> bundled = new ArrayList<>();
        int licenseFiles = 0;
        for (Path jar : classpathJars()) {
            try (JarFile dependency = new JarFile(jar.toFile())) {
                if (!isBundled(dependency)) {
                    continue;
                }
                String artifactId = jar.getParent().getParent().getFileName().toString();
                String version = jar.getParent().getFileName().toString();
                bundled.add(artifactId);
                assertThat(thirdParty).as("THIRD-PARTY.txt names %s", jar).contains(":" + artifactId + ":" + version);
                for (JarEntry entry : dependency.stream().toList()) {
                    if (entry.isDirectory()
                            || !LICENSE_FILE.matcher(entry.getName()).matches()) {
                        continue;
                    }
                    String kept = "META-INF/licenses/" + artifactId + "/" + entry.getName();
                    assertThat(read(shaded, kept))
                            .as("%s of %s kept as %s", entry.getName(), jar.getFileName(), kept)
                            .isEqualTo(dependency.getInputStream(entry).readAllBytes());
                    licenseFiles++;
                }
            }
        }
        // netty (7 jars), protobuf, bcprov, slf4j, h2, jbcrypt, jline, picocli, logback (2)
        assertThat(bundled).hasSizeGreaterThanOrEqualTo(16).contains("netty-common", "jline", "bcprov-jdk18on");
        // bcprov's LICENSE.md and slf4j-api's LICENSE.txt at least: the scan saw real files
        assertThat(licenseFiles).isGreaterThanOrEqualTo(2);
        assertThat(thirdParty).doesNotContain("io.confchat:");
    }

    private static List<Path> classpathJars() {
        List<Path> jars = new ArrayList<>();
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Paths.get(element);
            // the project's own modules (class directories or confchat-* jars) are not third party
            if (element.endsWith(".jar")
                    && Files.isRegularFile(path)
                    && !path.getFileName().toString().startsWith("confchat-")) {
                jars.add(path);
            }
        }
        return jars;
    }

    private static boolean isBundled(JarFile dependency) {
        Optional<String> someClass = dependency.stream()
                .map(JarEntry::getName)
                .filter(name ->
                        name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class"))
                .findFirst();
        return someClass.isPresent() && shaded.getEntry(someClass.get()) != null;
    }

    private static byte[] read(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertThat(entry).as("%s in %s", name, jar.getName()).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }
}
