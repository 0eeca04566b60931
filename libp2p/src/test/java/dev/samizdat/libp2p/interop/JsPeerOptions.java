package dev.samizdat.libp2p.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How to start a js peer. Immutable; the {@code with…} methods return modified copies.
 *
 * @param seed 32-byte Ed25519 seed for a stable PeerId, or null for a random key
 * @param dht run kad-dht (with the test-namespace validator and selector, passthrough peer-info mapper)
 * @param dhtProtocol the kad protocol id, {@code /samizdat/kad/1.0.0} by default
 * @param dhtClient run kad-dht in client mode (answers no queries)
 * @param agent identify agentVersion to announce, or null for js-libp2p's own
 * @param startTimeout how long to wait for the peer's "ready" event
 */
public record JsPeerOptions(
    byte[] seed, boolean dht, String dhtProtocol, boolean dhtClient, String agent, Duration startTimeout) {

  public static final String DEFAULT_DHT_PROTOCOL = "/samizdat/kad/1.0.0";
  public static final int SEED_LENGTH = 32;

  public JsPeerOptions {
    if (seed != null && seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("seed must be " + SEED_LENGTH + " bytes, got " + seed.length);
    }
    seed = seed == null ? null : seed.clone();
  }

  public static JsPeerOptions defaults() {
    return new JsPeerOptions(null, false, DEFAULT_DHT_PROTOCOL, false, null, Duration.ofSeconds(30));
  }

  public JsPeerOptions withSeed(byte[] seed) {
    return new JsPeerOptions(seed, dht, dhtProtocol, dhtClient, agent, startTimeout);
  }

  public JsPeerOptions withDht() {
    return new JsPeerOptions(seed, true, dhtProtocol, dhtClient, agent, startTimeout);
  }

  public JsPeerOptions withDhtProtocol(String protocol) {
    return new JsPeerOptions(seed, true, protocol, dhtClient, agent, startTimeout);
  }

  public JsPeerOptions withDhtClientMode() {
    return new JsPeerOptions(seed, true, dhtProtocol, true, agent, startTimeout);
  }

  public JsPeerOptions withAgent(String agentVersion) {
    return new JsPeerOptions(seed, dht, dhtProtocol, dhtClient, agentVersion, startTimeout);
  }

  public JsPeerOptions withStartTimeout(Duration timeout) {
    return new JsPeerOptions(seed, dht, dhtProtocol, dhtClient, agent, timeout);
  }

  @Override
  public byte[] seed() {
    return seed == null ? null : seed.clone();
  }

  /** The peer.mjs command-line arguments for these options. */
  List<String> arguments() {
    var args = new ArrayList<String>();
    if (seed != null) {
      args.add("--seed");
      args.add(HexFormat.of().formatHex(seed));
    }
    if (dht) {
      args.add("--dht");
      args.add("--dht-protocol");
      args.add(dhtProtocol);
      if (dhtClient) {
        args.add("--dht-client");
      }
    }
    if (agent != null) {
      args.add("--agent");
      args.add(agent);
    }
    return args;
  }
}
