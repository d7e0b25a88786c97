package io.confchat.chat.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The key that opens a user's key blob (docs/architecture.md#keys-of-a-user): {@code HKDF-SHA256(ikm = bcrypt(password,
 * salt), salt = none, info = "confchat/key-blob/v1", 32 bytes)}, where the bcrypt input is the whole
 * {@code $2a$...} string that jbcrypt's {@code hashpw} returns. That string is never stored or sent.
 * Stateless and thread-safe.
 *
 * <p>The salt arrives in a user record from the network, so it is parsed strictly: {@code $2a$}, a
 * two-digit cost in [{@value #MIN_COST}, {@value #MAX_COST}] (a hostile record must not make a login
 * take hours), {@code $}, then 22 characters of bcrypt's base64 alphabet whose last one carries no
 * unused bits. Passwords over 72 UTF-8 bytes are refused rather than silently truncated by bcrypt.
 */
public final class PasswordKdf {
    /** The cost range accepted from a record or for a new salt (2^cost bcrypt rounds). */
    public static final int MIN_COST = 4, MAX_COST = 16;
    /** bcrypt reads at most 72 bytes of password. */
    public static final int MAX_PASSWORD_BYTES = 72;
    /** Length of the derived key. */
    public static final int KEY_BYTES = 32;

    private static final byte[] INFO = "confchat/key-blob/v1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SALT = Pattern.compile("\\$2a\\$([0-9]{2})\\$([./A-Za-z0-9]{22})");
    // 22 base64 characters hold 132 bits for a 16-byte salt; the last character's low 4 bits are
    // unused, so only these 4 characters end a canonical salt (one salt, one spelling).
    private static final String CANONICAL_LAST = ".Oeu";

    private PasswordKdf() {}

    /**
     * A new salt string {@code $2a$NN$...} with 16 random bytes.
     *
     * @throws IllegalArgumentException if {@code cost} is outside [{@value #MIN_COST}, {@value
     *     #MAX_COST}]
     */
    public static String newSalt(int cost, SecureRandom random) {
        checkCost(cost);
        return BCrypt.gensalt(cost, random);
    }

    /**
     * The 32-byte key of {@code password} (in NFC, see {@link #normalize}) under {@code bcryptSalt}. Takes about 2^cost bcrypt rounds
     * (about 300 ms at cost 12 on the reference machine).
     *
     * @throws IllegalArgumentException if the salt is malformed or its cost out of range, or the
     *     password is longer than 72 UTF-8 bytes or is not valid Unicode (an unpaired surrogate)
     */
    public static byte[] deriveKey(String password, String bcryptSalt) {
        checkSalt(bcryptSalt);
        String typed = normalize(password);
        checkPassword(typed);
        String hash = BCrypt.hashpw(typed, bcryptSalt);
        return Hkdf.sha256(null, hash.getBytes(StandardCharsets.US_ASCII), INFO, KEY_BYTES);
    }

    /**
     * The one form of a password: Unicode NFC, so the same password typed on a keyboard that
     * composes characters (é) and on one that does not (e + combining accent) opens the same key.
     */
    public static String normalize(String password) {
        return password == null ? null : Normalizer.normalize(password, Normalizer.Form.NFC);
    }

    /**
     * Checks a salt string as {@link #deriveKey} does; returns its cost.
     *
     * @throws IllegalArgumentException with what is wrong
     */
    public static int checkSalt(String bcryptSalt) {
        if (bcryptSalt == null) {
            throw new IllegalArgumentException("bcrypt salt is missing");
        }
        Matcher m = SALT.matcher(bcryptSalt);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "bcrypt salt must be $2a$, a two-digit cost, $ and 22 characters of [./A-Za-z0-9]");
        }
        int cost = Integer.parseInt(m.group(1));
        checkCost(cost);
        if (CANONICAL_LAST.indexOf(m.group(2).charAt(21)) < 0) {
            throw new IllegalArgumentException(
                    "bcrypt salt is not canonical (last character must be one of " + CANONICAL_LAST + ")");
        }
        return cost;
    }

    private static void checkCost(int cost) {
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be " + MIN_COST + ".." + MAX_COST + ", not " + cost);
        }
    }

    private static void checkPassword(String password) {
        if (password == null) {
            throw new IllegalArgumentException("password is missing");
        }
        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not valid Unicode");
        }
        if (utf8.remaining() > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException(
                    "password is longer than " + MAX_PASSWORD_BYTES + " bytes in UTF-8 (bcrypt would ignore the rest)");
        }
    }
}
