package io.confchat.chat.internal.account;

import static java.util.concurrent.CompletableFuture.completedFuture;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.ConfChatException;
import io.confchat.api.Dht;
import io.confchat.api.LookupOptions;
import io.confchat.api.PutFailedException;
import io.confchat.api.PutResult;
import io.confchat.api.RejectionReason;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import io.confchat.api.chat.AuthenticationException;
import io.confchat.api.chat.NameUnconfirmedException;
import io.confchat.api.chat.UsernameTakenException;
import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.chat.internal.crypto.PasswordKdf;
import io.confchat.chat.internal.crypto.X25519KeyPair;
import io.confchat.chat.internal.directory.NameListing;
import io.confchat.chat.internal.proto.KeyBlob;
import io.confchat.chat.internal.proto.UserRecord;
import io.confchat.chat.internal.records.Payloads;
import io.confchat.chat.internal.records.PutOutcome;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Register and log in (docs/architecture.md#accounts-register-and-login). Registration publishes the
 * user record (its name is its key, so registering costs the same whatever the number of users)
 * and lists the name in the directory ({@link NameListing}). The user record carries the public keys and the private
 * ones sealed with ChaCha20-Poly1305 under {@code HKDF(bcrypt(password, salt))}; bcrypt runs on
 * the given worker executor, never on a network thread. An unknown user and a wrong password
 * fail alike, with {@link AuthenticationException}. Thread-safe.
 */
public final class Accounts {
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    private static final String WRONG_CREDENTIALS = "wrong username or password";
    private static final byte[] BLOB_AAD_TAG = "confchat/key-blob/v1".getBytes(StandardCharsets.US_ASCII);

    private final Dht dht;
    private final Executor worker;
    private final SecureRandom random;
    private final int bcryptCost;
    private final PasswordPolicy policy;
    private final NameListing listing;

    public Accounts(Dht dht, Executor worker, SecureRandom random, int bcryptCost, PasswordPolicy policy) {
        this.dht = dht;
        this.worker = worker;
        this.random = random;
        this.bcryptCost = bcryptCost;
        this.policy = policy;
        this.listing = new NameListing(dht);
    }

    /**
     * Creates the account and publishes its user record and directory entries. A name is taken
     * when most of its replicas hold another owner's record, before or during the put. The
     * account exists once its user record is stored; a directory page that did not take the name
     * (it was unreachable, or this node used its share of the page) takes it at the user's next
     * login ({@link #refresh}).
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
        return dht.answers(RecordKeys.user(name), LookupOptions.sensitive())
                .thenApplyAsync(
                        answers -> {
                            if (heldByMajority(name, answers)) {
                                throw taken(name);
                            }
                            return create(name, password);
                        },
                        worker)
                .thenCompose(created ->
                        putUser(name, created.record()).thenCompose(stored -> listing.list(created.signer(), name)))
                .thenApply(page -> null);
    }

    /**
     * Opens the account's keys with the password.
     *
     * @return the account, or fails with AuthenticationException (no such account, or a wrong
     *     password), or NameUnconfirmedException (no node holding the account's record answered)
     */
    public CompletableFuture<Account> login(String typedName, String password) {
        String name;
        try {
            name = Usernames.normalize(typedName);
        } catch (ConfChatException e) {
            return CompletableFuture.failedFuture(new AuthenticationException(WRONG_CREDENTIALS));
        }
        return userRecords(name)
                .thenCompose(found -> found.isEmpty() ? everyReplicasRecords(name) : completedFuture(found))
                .thenApplyAsync(candidates -> open(name, candidates, password), worker);
    }

    /**
     * The user records of a name that every replica answering holds, for a login whose get found
     * none: a get no other node answered is not "no such account". Fails with {@link
     * NameUnconfirmedException} when no replica answered.
     */
    private CompletableFuture<List<SignedRecord>> everyReplicasRecords(String name) {
        return dht.answers(RecordKeys.user(name), LookupOptions.sensitive()).handle((answers, error) -> {
            if (error != null) {
                throw new NameUnconfirmedException(
                        "could not reach the nodes holding the account '" + name + "' right now; try again", error);
            }
            Map<byte[], SignedRecord> byOwner = new TreeMap<>(Arrays::compareUnsigned);
            answers.stream()
                    .flatMap(a -> a.records().stream())
                    .filter(r -> Payloads.user(r).isPresent())
                    .forEach(r -> byOwner.putIfAbsent(r.ownerPublicKey(), r)); // one bcrypt per owner
            return List.copyOf(byOwner.values());
        });
    }

    /** Re-puts the account's user record and directory entries, which extends their lifetime. */
    public CompletableFuture<Void> refresh(Account account) {
        return userRecords(account.username()).thenCompose(records -> {
            Optional<SignedRecord> own = records.stream()
                    .filter(r -> r.isOwnedBy(account.identity().publicKey()))
                    .findFirst();
            if (own.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.allOf(
                    dht.put(own.get(), LookupOptions.sensitive()), listing.list(account.signer(), account.username()));
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

    private Created create(String name, String password) {
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
        return new Created(userRecord, signer);
    }

    /** A new account's user record and the signer of its owner. */
    private record Created(SignedRecord record, RecordSigner signer) {}

    /**
     * True when most of the name's replicas that answered hold another owner's user record: a
     * minority (a hostile node serving a record of its own) cannot make a free name look taken.
     */
    static boolean heldByMajority(String name, List<ReplicaAnswer> answers) {
        int holding = 0;
        for (ReplicaAnswer answer : answers) {
            if (answer.records().stream()
                    .anyMatch(r -> Payloads.user(r)
                            .filter(u -> u.getUsername().equals(name))
                            .isPresent())) {
                holding++;
            }
        }
        return 2 * holding > answers.size();
    }

    /**
     * Puts the user record over disjoint paths. The name is taken when most nodes that answered
     * refused it as taken (a registration that raced ours won there); a minority refusing changes
     * nothing. Otherwise the record must be held by at least two nodes.
     */
    private CompletableFuture<PutResult> putUser(String name, SignedRecord record) {
        return dht.put(record, LookupOptions.sensitive()).handle((ok, error) -> {
            PutResult result = PutOutcome.of(ok, error).orElseThrow(() -> PutOutcome.rethrow(error));
            long refusedAsTaken = result.refusedWith(RejectionReason.POLICY);
            int answered = PutOutcome.answered(result);
            if (2 * refusedAsTaken > answered) {
                throw taken(name);
            }
            if (result.stored() < Math.min(2, result.contacted())) {
                throw new PutFailedException(
                        "the user record was stored on " + result.stored() + " of " + result.contacted()
                                + " nodes; is the network reachable?",
                        result);
            }
            return result;
        });
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
