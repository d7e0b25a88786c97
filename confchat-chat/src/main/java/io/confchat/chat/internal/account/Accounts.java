package io.confchat.chat.internal.account;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.ConfChatException;
import io.confchat.api.Dht;
import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.RejectionReason;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.AuthenticationException;
import io.confchat.api.chat.UsernameTakenException;
import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.chat.internal.crypto.PasswordKdf;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.proto.DirectoryEntry;
import io.confchat.chat.internal.proto.KeyBlob;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.DurablePut;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.RecordKeys;
import io.confchat.chat.internal.records.RecordTypes;
import io.confchat.chat.internal.records.Usernames;
import io.confchat.dht.crypto.Ed25519KeyPair;
import io.confchat.dht.record.RecordSigner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Register and log in (docs/architecture.md#accounts-register-and-login). The user record carries the public keys and the private
 * ones sealed with ChaCha20-Poly1305 under {@code HKDF(bcrypt(password, salt))}; bcrypt runs on
 * the given worker executor, never on a network thread. An unknown user and a wrong password
 * fail alike, with {@link AuthenticationException}. Thread-safe.
 */
public final class Accounts {
    private static final String WRONG_CREDENTIALS = "wrong username or password";
    private static final byte[] BLOB_AAD_TAG = "confchat/key-blob/v1".getBytes(StandardCharsets.US_ASCII);

    private final Dht dht;
    private final Executor worker;
    private final SecureRandom random;
    private final int bcryptCost;
    private final PasswordPolicy policy;

    public Accounts(Dht dht, Executor worker, SecureRandom random, int bcryptCost, PasswordPolicy policy) {
        this.dht = dht;
        this.worker = worker;
        this.random = random;
        this.bcryptCost = bcryptCost;
        this.policy = policy;
    }

    /**
     * Creates the account and publishes its user record and directory entry.
     *
     * @return fails with InvalidUsernameException, WeakPasswordException or UsernameTakenException
     */
    public CompletableFuture<Void> register(String typedName, String password) {
        String name;
        try {
            name = Usernames.normalize(typedName);
            policy.check(password);
        } catch (ConfChatException e) {
            return CompletableFuture.failedFuture(e);
        }
        return userRecords(name)
                .thenApplyAsync(
                        existing -> {
                            if (!existing.isEmpty()) {
                                throw taken(name);
                            }
                            return create(name, password);
                        },
                        worker)
                .thenCompose(records -> putAll(name, records));
    }

    /**
     * Opens the account's keys with the password.
     *
     * @return the account, or fails with AuthenticationException
     */
    public CompletableFuture<Account> login(String typedName, String password) {
        String name;
        try {
            name = Usernames.normalize(typedName);
        } catch (ConfChatException e) {
            return CompletableFuture.failedFuture(new AuthenticationException(WRONG_CREDENTIALS));
        }
        return userRecords(name).thenApplyAsync(candidates -> open(name, candidates, password), worker);
    }

    /** Re-puts the account's user record and directory entry, which extends their lifetime. */
    public CompletableFuture<Void> refresh(Account account) {
        return userRecords(account.username()).thenCompose(records -> {
            Optional<SignedRecord> own = records.stream()
                    .filter(r -> r.isOwnedBy(account.identity().publicKey()))
                    .findFirst();
            if (own.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.allOf(
                    dht.put(own.get()), dht.put(directoryEntry(account.signer(), account.username())));
        });
    }

    /** The well-formed user records of a name, by owner key. */
    private CompletableFuture<List<SignedRecord>> userRecords(String name) {
        return dht.get(RecordKeys.user(name))
                .thenApply(records -> records.stream()
                        .filter(r -> Payloads.user(r).isPresent())
                        .sorted(Comparator.comparing(SignedRecord::ownerPublicKey, Arrays::compareUnsigned))
                        .toList());
    }

    private List<SignedRecord> create(String name, String password) {
        Ed25519KeyPair identity = Ed25519KeyPair.generate(random);
        X25519KeyPair inbox = X25519KeyPair.generate(random);
        byte[] storageKey = new byte[32];
        random.nextBytes(storageKey);
        String salt = PasswordKdf.newSalt(bcryptCost, random);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] blob = KeyBlob.newBuilder()
                .setIdentityPrivateKey(ByteString.copyFrom(identity.privateKey()))
                .setInboxPrivateKey(ByteString.copyFrom(inbox.privateKey()))
                .setStorageKey(ByteString.copyFrom(storageKey))
                .build()
                .toByteArray();
        byte[] sealed = ChaChaPoly.seal(
                PasswordKdf.deriveKey(password, salt), nonce, blobAad(name, identity.publicKey()), blob);
        Arrays.fill(blob, (byte) 0);
        UserRecord user = UserRecord.newBuilder()
                .setUsername(name)
                .setIdentityKey(ByteString.copyFrom(identity.publicKey()))
                .setInboxKey(ByteString.copyFrom(inbox.publicKey()))
                .setKdfSalt(salt)
                .setKeyBlobNonce(ByteString.copyFrom(nonce))
                .setKeyBlob(ByteString.copyFrom(sealed))
                .build();
        RecordSigner signer = new RecordSigner(identity);
        SignedRecord userRecord = signer.sign(
                RecordKeys.user(name),
                RecordTypes.USER,
                new byte[0],
                1,
                RecordTypes.LONG_LIVED.toSeconds(),
                user.toByteArray());
        return List.of(userRecord, directoryEntry(signer, name));
    }

    private static SignedRecord directoryEntry(RecordSigner signer, String name) {
        byte[] entry = DirectoryEntry.newBuilder()
                .setUsername(name)
                .setIdentityKey(ByteString.copyFrom(signer.ownerPublicKey()))
                .build()
                .toByteArray();
        return signer.sign(
                RecordKeys.directory(name),
                RecordTypes.DIRECTORY,
                name.getBytes(StandardCharsets.UTF_8),
                1,
                RecordTypes.LONG_LIVED.toSeconds(),
                entry);
    }

    /** Puts the user record, then the directory entry; a name taken meanwhile is reported as such. */
    private CompletableFuture<Void> putAll(String name, List<SignedRecord> records) {
        return DurablePut.put(dht, records.get(0))
                .handle((result, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        if (cause instanceof PutFailedException failed && refusedAsTaken(failed.result())) {
                            throw taken(name);
                        }
                        throw error instanceof CompletionException c ? c : new CompletionException(error);
                    }
                    if (refusedAsTaken(result)) {
                        throw taken(name);
                    }
                    return result;
                })
                .thenCompose(stored -> DurablePut.put(dht, records.get(1)))
                .thenApply(stored -> null);
    }

    private static boolean refusedAsTaken(PutResult result) {
        return result != null && result.refusals().stream().anyMatch(r -> r.reason() == RejectionReason.POLICY);
    }

    private static UsernameTakenException taken(String name) {
        return new UsernameTakenException("the username '" + name + "' is taken: choose another one");
    }

    private Account open(String name, List<SignedRecord> candidates, String password) {
        for (SignedRecord candidate : candidates) {
            UserRecord user = Payloads.user(candidate).orElseThrow();
            Optional<Account> account = tryOpen(name, user, password);
            if (account.isPresent()) {
                return account.get();
            }
        }
        throw new AuthenticationException(WRONG_CREDENTIALS);
    }

    private static Optional<Account> tryOpen(String name, UserRecord user, String password) {
        byte[] identityKey = user.getIdentityKey().toByteArray();
        byte[] plain;
        try {
            byte[] key = PasswordKdf.deriveKey(password, user.getKdfSalt());
            plain = ChaChaPoly.open(
                    key,
                    user.getKeyBlobNonce().toByteArray(),
                    blobAad(name, identityKey),
                    user.getKeyBlob().toByteArray());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty(); // wrong password, or a salt no client would have made
        }
        try {
            KeyBlob blob = KeyBlob.parseFrom(plain);
            Ed25519KeyPair identity =
                    Ed25519KeyPair.fromPrivateKey(blob.getIdentityPrivateKey().toByteArray());
            X25519KeyPair inbox =
                    X25519KeyPair.fromPrivateKey(blob.getInboxPrivateKey().toByteArray());
            byte[] storageKey = blob.getStorageKey().toByteArray();
            if (!Arrays.equals(identity.publicKey(), identityKey)
                    || !Arrays.equals(inbox.publicKey(), user.getInboxKey().toByteArray())
                    || storageKey.length != 32) {
                return Optional.empty();
            }
            return Optional.of(new Account(name, identity, inbox, storageKey));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return Optional.empty();
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The blob is bound to its name and identity key, so it cannot be moved to another record. */
    private static byte[] blobAad(String name, byte[] identityKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BLOB_AAD_TAG);
        out.write(0);
        out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(identityKey);
        return out.toByteArray();
    }
}
