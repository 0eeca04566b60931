package dev.samizdat.node.config;

import dev.samizdat.libp2p.Multiaddr;
import dev.samizdat.node.home.FileErrors;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node's settings, read from {@code <home>/config} ({@code key = value} lines, {@code #} comments);
 * every setting can also be given as a flag of {@code samizdat up}, which wins.
 *
 * @param listen multiaddrs the libp2p host listens on
 * @param bootstrap multiaddrs (with /p2p/) of peers asked first when joining the DHT
 * @param apiHost the local API's address; loopback unless {@code apiAllowNonLoopback}
 * @param apiPort the local API's port; 0 picks a free one, recorded in {@code <home>/api.address}
 * @param dhtProtocol the kad-dht protocol id
 * @param maxConnections the libp2p host's connection limit
 * @param mailboxRetentionDays how long this node keeps envelopes it holds for offline peers
 * @param readReceipts whether this user's node tells senders when their messages were read
 */
public record NodeConfig(
    List<String> listen,
    List<String> bootstrap,
    String apiHost,
    int apiPort,
    boolean apiAllowNonLoopback,
    String dhtProtocol,
    int maxConnections,
    int mailboxRetentionDays,
    boolean readReceipts) {

  public static final NodeConfig DEFAULTS = new NodeConfig(
      List.of("/ip4/0.0.0.0/tcp/4501"), List.of(), "127.0.0.1", 4500, false, "/samizdat/kad/1.0.0", 300, 14, true);

  private static final Set<String> KEYS = new TreeSet<>(List.of(
      "listen", "bootstrap", "api.host", "api.port", "api.allow-non-loopback", "dht.protocol",
      "limits.connections", "mailbox.retention-days", "messages.read-receipts"));

  public NodeConfig {
    listen = List.copyOf(listen);
    bootstrap = List.copyOf(bootstrap);
    multiaddrs(listen, "listen");
    multiaddrs(bootstrap, "bootstrap");
    if (apiPort < 0 || apiPort > 65535) {
      throw new ConfigException("api.port must be 0..65535, got " + apiPort);
    }
    if (maxConnections < 1) {
      throw new ConfigException("limits.connections must be at least 1, got " + maxConnections);
    }
    if (mailboxRetentionDays < 1 || mailboxRetentionDays > 365) {
      throw new ConfigException("mailbox.retention-days must be 1..365, got " + mailboxRetentionDays);
    }
  }

  public List<Multiaddr> listenAddresses() {
    return multiaddrs(listen, "listen");
  }

  public List<Multiaddr> bootstrapAddresses() {
    return multiaddrs(bootstrap, "bootstrap");
  }

  /** Parsed, or a {@link ConfigException} naming the setting; a bootstrap peer must name its peer id. */
  private static List<Multiaddr> multiaddrs(List<String> texts, String setting) {
    List<Multiaddr> out = new ArrayList<>();
    for (String text : texts) {
      Multiaddr address;
      try {
        address = Multiaddr.parse(text);
      } catch (RuntimeException e) {
        throw new ConfigException(setting + ": '" + text + "' is not a multiaddr: " + e.getMessage());
      }
      if (!address.isPlainTcp()) {
        throw new ConfigException(setting + ": '" + text + "' is not a TCP address (like /ip4/127.0.0.1/tcp/4501):"
            + " samizdat speaks libp2p over TCP only, not QUIC, UDP or WebSockets");
      }
      if (setting.equals("bootstrap") && address.peerId().isEmpty()) {
        throw new ConfigException("bootstrap: '" + text + "' needs /p2p/<peer id> at the end");
      }
      out.add(address);
    }
    return out;
  }

  /** Reads {@code file} over the defaults; a missing file means the defaults. */
  public static NodeConfig load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      return DEFAULTS;
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + FileErrors.describe(e, file));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    for (String key : properties.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        throw new ConfigException(file + ": unknown setting '" + key + "' (known: " + String.join(", ", KEYS) + ")");
      }
    }
    NodeConfig d = DEFAULTS;
    return new NodeConfig(
        list(properties, "listen", d.listen()),
        list(properties, "bootstrap", d.bootstrap()),
        properties.getProperty("api.host", d.apiHost()).trim(),
        integer(properties, "api.port", d.apiPort()),
        bool(properties, "api.allow-non-loopback", d.apiAllowNonLoopback()),
        properties.getProperty("dht.protocol", d.dhtProtocol()).trim(),
        integer(properties, "limits.connections", d.maxConnections()),
        integer(properties, "mailbox.retention-days", d.mailboxRetentionDays()),
        bool(properties, "messages.read-receipts", d.readReceipts()));
  }

  /** The text of a config file holding these settings, for {@code init}. */
  public String toFileText() {
    return String.join("\n",
        "# samizdat node settings; every one can be overridden by a flag of 'samizdat up'.",
        "listen = " + String.join(", ", listen),
        "bootstrap = " + String.join(", ", bootstrap),
        "api.host = " + apiHost,
        "api.port = " + apiPort,
        "api.allow-non-loopback = " + apiAllowNonLoopback,
        "dht.protocol = " + dhtProtocol,
        "limits.connections = " + maxConnections,
        "mailbox.retention-days = " + mailboxRetentionDays,
        "messages.read-receipts = " + readReceipts,
        "");
  }

  public NodeConfig withListen(List<String> value) {
    return new NodeConfig(value, bootstrap, apiHost, apiPort, apiAllowNonLoopback, dhtProtocol, maxConnections,
        mailboxRetentionDays, readReceipts);
  }

  public NodeConfig withBootstrap(List<String> value) {
    return new NodeConfig(listen, value, apiHost, apiPort, apiAllowNonLoopback, dhtProtocol, maxConnections,
        mailboxRetentionDays, readReceipts);
  }

  public NodeConfig withReadReceipts(boolean value) {
    return new NodeConfig(listen, bootstrap, apiHost, apiPort, apiAllowNonLoopback, dhtProtocol, maxConnections,
        mailboxRetentionDays, value);
  }

  public NodeConfig withApiPort(int value) {
    return new NodeConfig(listen, bootstrap, apiHost, value, apiAllowNonLoopback, dhtProtocol, maxConnections,
        mailboxRetentionDays, readReceipts);
  }

  private static List<String> list(Properties properties, String key, List<String> fallback) {
    String value = properties.getProperty(key);
    if (value == null) {
      return fallback;
    }
    List<String> items = new ArrayList<>();
    Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
    return items;
  }

  private static int integer(Properties properties, String key, int fallback) {
    String value = properties.getProperty(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + " must be a whole number, got '" + value.trim() + "'");
    }
  }

  private static boolean bool(Properties properties, String key, boolean fallback) {
    String value = properties.getProperty(key);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key + " must be true or false, got '" + value.trim() + "'");
    };
  }
}
