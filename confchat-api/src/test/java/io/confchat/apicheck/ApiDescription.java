package io.confchat.apicheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API compatibility guard until a release exists to compare against (docs/api-compatibility.md):
 * a module's committed description, {@code api/<artifactId>.api}, must equal what its classes
 * export now. A removed or changed signature is an incompatible change; an added one is
 * compatible but still has to be recorded. Either is declared by regenerating the file with
 * {@code mvn -pl <module> test -Dtest=ApiBoundaryTest -Dconfchat.api.update=true} and committing
 * it, so the change shows in review.
 */
public final class ApiDescription {
    /** The system property that regenerates the description instead of checking it. */
    public static final String UPDATE = "confchat.api.update";

    private ApiDescription() {}

    /**
     * Compares (or, with {@value #UPDATE}{@code =true}, writes) the description of the module at
     * {@code basedir}.
     *
     * @throws AssertionError naming every removed or changed line first, then every added one
     */
    public static void verify(Path basedir, String artifactId) throws IOException {
        Path file = basedir.resolve("api").resolve(artifactId + ".api");
        List<String> now = ApiSurface.of(basedir.resolve("target/classes")).describe();
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(file.getParent());
            Files.write(file, now, StandardCharsets.UTF_8);
            return;
        }
        List<String> committed = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        String report = compare(committed, now);
        if (!report.isEmpty()) {
            throw new AssertionError("The public API of " + artifactId + " differs from " + basedir.relativize(file)
                    + ":\n" + report
                    + "If the change is intended, declare it: mvn -pl " + artifactId
                    + " -am test -Dtest=ApiBoundaryTest -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE
                    + "=true, and commit the file (note a breaking change in CHANGELOG.md).");
        }
    }

    /** The differences between a committed description and the current one; empty if none. */
    static String compare(List<String> committed, List<String> now) {
        Set<String> removed = new LinkedHashSet<>(committed);
        now.forEach(removed::remove);
        Set<String> added = new LinkedHashSet<>(now);
        committed.forEach(added::remove);
        List<String> out = new ArrayList<>();
        removed.forEach(l -> out.add("  INCOMPATIBLE (removed or changed): " + l));
        added.forEach(l -> out.add("  added: " + l));
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }
}
