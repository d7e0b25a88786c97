package io.confchat.chat.internal.records;

import io.confchat.api.chat.InvalidUsernameException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one form of a username: Unicode NFC, lower case, then {@code [a-z0-9._-]{3,32}}, so that
 * look-alike spellings cannot name two accounts (docs/architecture.md#accounts-register-and-login).
 */
public final class Usernames {
    /** What a normalized username looks like. */
    public static final Pattern FORM = Pattern.compile("[a-z0-9._-]{3,32}");

    private Usernames() {}

    /**
     * Normalizes a username as typed.
     *
     * @throws InvalidUsernameException if the result is not of the allowed form
     */
    public static String normalize(String typed) {
        if (typed == null) {
            throw new InvalidUsernameException("a username is required");
        }
        String name = Normalizer.normalize(typed.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (!FORM.matcher(name).matches()) {
            throw new InvalidUsernameException("'" + typed.strip()
                    + "' is not a valid username: use 3 to 32 characters of a-z, 0-9, '.', '_' and '-'");
        }
        return name;
    }

    /** What the start of a normalized username looks like. */
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9._-]{1,32}");

    /**
     * Normalizes the start of a username as typed, for a search.
     *
     * @throws InvalidUsernameException if no username could start with it
     */
    public static String normalizePrefix(String typed) {
        String prefix = typed == null
                ? ""
                : Normalizer.normalize(typed.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (!PREFIX.matcher(prefix).matches()) {
            throw new InvalidUsernameException("'" + (typed == null ? "" : typed.strip())
                    + "' is not the start of a username: use 1 to 32 characters of a-z, 0-9, '.', '_' and '-'");
        }
        return prefix;
    }

    /** True when {@code name} is already in normalized form; for names read off the network. */
    public static boolean isNormalized(String name) {
        return name != null && FORM.matcher(name).matches();
    }
}
