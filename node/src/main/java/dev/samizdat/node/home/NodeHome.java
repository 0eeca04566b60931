package dev.samizdat.node.home;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A node's home directory: {@code identity} (the key file), {@code config}, {@code api.token},
 * {@code api.address} (where the running node's API is bound, for the CLI) and {@code db/}. The
 * directory and every file in it are owner-only.
 */
public record NodeHome(Path directory) {
  public static final String ENVIRONMENT_VARIABLE = "SAMIZDAT_HOME";

  /** {@code --home} when given, else {@code $SAMIZDAT_HOME}, else {@code $HOME/.samizdat}. */
  public static NodeHome resolve(Path flag, Map<String, String> environment) {
    if (flag != null) {
      return new NodeHome(flag.toAbsolutePath());
    }
    String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return new NodeHome(Path.of(fromEnvironment).toAbsolutePath());
    }
    // $HOME first, as every other program's ~ means: Java's user.home comes from the password database.
    String home = environment.get("HOME");
    return new NodeHome(Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".samizdat"));
  }

  public Path identityFile() {
    return directory.resolve("identity");
  }

  public Path configFile() {
    return directory.resolve("config");
  }

  public Path apiTokenFile() {
    return directory.resolve("api.token");
  }

  public Path apiAddressFile() {
    return directory.resolve("api.address");
  }

  public Path databaseDirectory() {
    return directory.resolve("db");
  }

  /** Creates the directory (owner-only) if it is missing; tightens its permissions if it exists. */
  public void createIfMissing() throws IOException {
    Files.createDirectories(directory);
    restrictToOwner(directory, "rwx------");
  }

  /**
   * Writes a file atomically (temporary file, fsync, rename) with owner-only permissions, so that a
   * crash leaves either the old content or the new one, never half of it.
   */
  public static void writeAtomically(Path file, byte[] content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    Files.createFile(temporary);
    restrictToOwner(temporary, "rw-------");
    try (var channel = java.nio.channels.FileChannel.open(temporary,
        java.nio.file.StandardOpenOption.WRITE)) {
      var buffer = java.nio.ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public static void writeAtomically(Path file, String content) throws IOException {
    writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void restrictToOwner(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the platform's defaults apply.
    }
  }

  /** Deletes {@code root} with everything under it: the temporary homes of a demo or a benchmark. */
  public static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
