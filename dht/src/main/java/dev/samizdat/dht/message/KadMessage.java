package dev.samizdat.dht.message;

import dev.samizdat.dht.PeerAddresses;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One kad-dht RPC message, request or response (spec: "RPC messages"). {@code key} is empty when
 * absent; {@code record} is null when absent. The {@code connection} field of peers is not kept:
 * nothing here acts on it, and it is sent as NOT_CONNECTED (the default). Immutable.
 */
public record KadMessage(
    MessageType type,
    byte[] key,
    DhtRecord record,
    List<PeerAddresses> closerPeers,
    List<PeerAddresses> providerPeers,
    int clusterLevel) {

  public KadMessage {
    Objects.requireNonNull(type, "type");
    key = key == null ? new byte[0] : key.clone();
    closerPeers = List.copyOf(closerPeers);
    providerPeers = List.copyOf(providerPeers);
  }

  public static KadMessage findNode(byte[] key) {
    return new KadMessage(MessageType.FIND_NODE, key, null, List.of(), List.of(), 0);
  }

  public static KadMessage getValue(byte[] key) {
    return new KadMessage(MessageType.GET_VALUE, key, null, List.of(), List.of(), 0);
  }

  public static KadMessage putValue(DhtRecord record) {
    return new KadMessage(MessageType.PUT_VALUE, record.key(), record, List.of(), List.of(), 0);
  }

  public static KadMessage getProviders(byte[] key) {
    return new KadMessage(MessageType.GET_PROVIDERS, key, null, List.of(), List.of(), 0);
  }

  public static KadMessage addProvider(byte[] key, PeerAddresses self) {
    return new KadMessage(MessageType.ADD_PROVIDER, key, null, List.of(), List.of(self), 0);
  }

  public static KadMessage ping() {
    return new KadMessage(MessageType.PING, null, null, List.of(), List.of(), 0);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  public KadMessage withCloserPeers(List<PeerAddresses> peers) {
    return new KadMessage(type, key, record, peers, providerPeers, clusterLevel);
  }

  public KadMessage withProviderPeers(List<PeerAddresses> peers) {
    return new KadMessage(type, key, record, closerPeers, peers, clusterLevel);
  }

  public KadMessage withRecord(DhtRecord r) {
    return new KadMessage(type, key, r, closerPeers, providerPeers, clusterLevel);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadMessage m && type == m.type && Arrays.equals(key, m.key)
        && Objects.equals(record, m.record) && closerPeers.equals(m.closerPeers)
        && providerPeers.equals(m.providerPeers) && clusterLevel == m.clusterLevel;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(key), record, closerPeers, providerPeers);
  }

  @Override
  public String toString() {
    return "KadMessage[" + type + ", key=" + key.length + " bytes, record=" + record + ", closer="
        + closerPeers.size() + ", providers=" + providerPeers.size() + "]";
  }
}
