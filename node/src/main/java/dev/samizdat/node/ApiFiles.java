package dev.samizdat.node;

import dev.samizdat.node.api.ApiToken;
import dev.samizdat.node.home.FileErrors;
import dev.samizdat.node.home.NodeHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;

/**
 * The two files through which the CLI finds a running node: {@code api.token} (generated once,
 * owner-only, kept across restarts so that clients stay authorised) and {@code api.address}
 * ({@code host:port} actually bound; written atomically when the API is up, removed on shutdown).
 */
final class ApiFiles {
  private ApiFiles() {}

  static ApiToken loadOrCreateToken(NodeHome home, SecureRandom random) {
    try {
      try {
        String existing = Files.readString(home.apiTokenFile(), StandardCharsets.UTF_8).trim();
        if (!existing.isEmpty()) {
          return new ApiToken(existing);
        }
      } catch (NoSuchFileException e) {
        // First start: create it below.
      }
      ApiToken token = ApiToken.generate(random);
      NodeHome.writeAtomically(home.apiTokenFile(), token.value() + "\n");
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + home.apiTokenFile() + ": "
          + FileErrors.describe(e, home.apiTokenFile()), e);
    }
  }

  static void writeAddress(NodeHome home, InetSocketAddress address) {
    String host = address.getHostString();
    String text = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    try {
      NodeHome.writeAtomically(home.apiAddressFile(), text + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + home.apiAddressFile() + ": "
          + FileErrors.describe(e, home.apiAddressFile()), e);
    }
  }

  static void removeAddress(NodeHome home) {
    try {
      Files.deleteIfExists(home.apiAddressFile());
    } catch (IOException e) {
      // The next start overwrites it; a stale address only makes the CLI say the node is not running.
    }
  }
}
