package dev.samizdat.node.home;

import dev.samizdat.crypto.Argon2id;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.Hkdf;
import dev.samizdat.crypto.KeyFile;
import dev.samizdat.crypto.KeyFilePassphraseException;
import dev.samizdat.crypto.MalformedInputException;
import dev.samizdat.crypto.WrongPassphraseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The node's identity key, kept in {@code <home>/identity}: encrypted under the user's passphrase
 * (Argon2id) when one was chosen, otherwise in clear in the owner-only home. Everything else the node
 * keeps secret at rest is derived from this key ({@link #atRestSecret()}), so the passphrase protects
 * the whole store.
 */
public final class NodeIdentity {
  /** The shortest passphrase a new or changed key file accepts. */
  public static final int MIN_PASSPHRASE_LENGTH = 8;
  private static final String PASSPHRASE_LOCK_FILE = "identity.lock";
  private static final Object CHANGES_IN_THIS_PROCESS = new Object();
  private static final byte[] AT_REST_LABEL = "samizdat/at-rest/root/v1".getBytes(StandardCharsets.US_ASCII);

  private final Ed25519PrivateKey key;

  private NodeIdentity(Ed25519PrivateKey key) {
    this.key = key;
  }

  public Ed25519PrivateKey key() {
    return key;
  }

  /** The root of the at-rest encryption keys; never leaves the process. */
  public byte[] atRestSecret() {
    return Hkdf.derive(key.seed(), null, AT_REST_LABEL, 32);
  }

  /**
   * Creates a new identity in {@code home}, refusing to overwrite one. With a passphrase the key file
   * is encrypted (Argon2id with the default cost, about a second).
   */
  public static NodeIdentity create(NodeHome home, Optional<char[]> passphrase, SecureRandom random) {
    Path file = home.identityFile();
    if (Files.exists(file)) {
      throw new IdentityException("an identity already exists in " + home.directory());
    }
    passphrase.ifPresent(NodeIdentity::requireLongEnough);
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    try {
      home.createIfMissing();
    } catch (IOException e) {
      String verb = Files.isDirectory(home.directory()) ? "cannot use " : "cannot create "; // it may exist, not be ours
      throw new IdentityException(verb + home.directory() + ": " + FileErrors.describe(e, home.directory()));
    }
    write(file, key, passphrase, random);
    return new NodeIdentity(key);
  }

  /**
   * Rewrites the key file of an existing identity under {@code next} (empty: unencrypted), after
   * opening it with {@code current}. The key, and so the node's address and store, stay the same;
   * the file is replaced atomically.
   */
  public static void changePassphrase(NodeHome home, Optional<char[]> current, Optional<char[]> next,
      SecureRandom random) {
    next.ifPresent(NodeIdentity::requireLongEnough);
    // Two changes at once must not both succeed: the second would open the key with a passphrase that
    // the first has just replaced, and its user would believe in a passphrase the file no longer has.
    if (!exists(home)) {
      throw new IdentityException("no identity in " + home.directory());
    }
    Path lockFile = home.directory().resolve(PASSPHRASE_LOCK_FILE);
    synchronized (CHANGES_IN_THIS_PROCESS) { // a file lock excludes other processes only
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        NodeIdentity identity = load(home, current);
        write(home.identityFile(), identity.key, next, random);
      } catch (IOException e) {
        throw new IdentityException("cannot lock " + lockFile + ": " + FileErrors.describe(e, lockFile));
      }
    }
  }

  /** Guessing is offline and unlimited once the disk is taken; Argon2id slows it, but not enough for 'abc'. */
  private static void requireLongEnough(char[] passphrase) {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH || new String(passphrase).isBlank()) {
      throw new IdentityException("a new passphrase needs at least " + MIN_PASSPHRASE_LENGTH
          + " characters, not all spaces (several words are best)");
    }
  }

  private static void write(Path file, Ed25519PrivateKey key, Optional<char[]> passphrase, SecureRandom random) {
    byte[] encoded = passphrase.isPresent()
        ? KeyFile.encodeEncrypted(key, passphrase.get(), Argon2id.Params.DEFAULT, random)
        : KeyFile.encodeClear(key);
    try {
      NodeHome.writeAtomically(file, encoded);
    } catch (IOException e) {
      throw new IdentityException("cannot write the identity file " + file + ": " + FileErrors.describe(e, file));
    }
  }

  public static boolean exists(NodeHome home) {
    return Files.exists(home.identityFile());
  }

  public static boolean isEncrypted(NodeHome home) {
    try {
      return KeyFile.isEncrypted(Files.readAllBytes(home.identityFile()));
    } catch (IOException | CryptoException e) {
      return false;
    }
  }

  /** Loads the identity; {@code passphrase} is needed exactly when the file is encrypted. */
  public static NodeIdentity load(NodeHome home, Optional<char[]> passphrase) {
    Path file = home.identityFile();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IdentityException("no identity in " + home.directory());
    } catch (IOException e) {
      throw new IdentityException("cannot read the identity file " + file + ": " + FileErrors.describe(e, file));
    }
    try {
      return new NodeIdentity(KeyFile.decode(bytes, passphrase.orElse(null)));
    } catch (WrongPassphraseException e) {
      throw new IdentityException("wrong passphrase for " + file);
    } catch (KeyFilePassphraseException e) {
      throw new IdentityException(passphrase.isPresent()
          ? "the identity in " + file + " is not encrypted, but a passphrase was given (--passphrase-file or"
              + " $SAMIZDAT_PASSPHRASE): run without one, or add it with 'samizdat passphrase'"
          : "the identity in " + file + " is encrypted: give its passphrase (--passphrase-file or SAMIZDAT_PASSPHRASE)");
    } catch (MalformedInputException e) {
      throw new IdentityException("the identity file " + file + " is damaged or not a samizdat key file: "
          + e.getMessage());
    }
  }

  /** Reads a passphrase from a file: its first line, without the line break. */
  public static char[] readPassphraseFile(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String line = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
      if (line.isEmpty()) {
        throw new IdentityException("the passphrase file " + file + " is empty");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new IdentityException("cannot read the passphrase file " + file + ": " + FileErrors.describe(e, file));
    }
  }

  /** The identity could not be created or opened; the message says why. */
  public static final class IdentityException extends RuntimeException {
    public IdentityException(String message) {
      super(message);
    }
  }
}
