package io.confchat.chat.internal.account;

import io.confchat.api.chat.WeakPasswordException;
import io.confchat.chat.internal.crypto.PasswordKdf;
import java.nio.charset.StandardCharsets;

/**
 * What a password must be: at least {@link #MIN_LENGTH} characters (unless demo accounts are
 * allowed, which only the original's demo users need) and at most 72 UTF-8 bytes, since bcrypt
 * ignores everything after that.
 */
public record PasswordPolicy(boolean allowDemoPasswords) {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_BYTES = 72;

    /** @throws WeakPasswordException with a message saying what to change */
    public void check(String typed) {
        String password = PasswordKdf.normalize(typed);
        if (password == null || password.isEmpty()) {
            throw new WeakPasswordException("a password is required");
        }
        if (!allowDemoPasswords && password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new WeakPasswordException("the password is too short: use at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new WeakPasswordException("the password is too long: bcrypt uses at most " + MAX_BYTES
                    + " bytes of it, so use a shorter one");
        }
    }
}
