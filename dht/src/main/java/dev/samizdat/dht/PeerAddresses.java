package dev.samizdat.dht;

import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A peer and the binary multiaddrs it can be reached at, as kad-dht carries them in {@code
 * Message.Peer}. The multiaddrs are opaque here (except for IP grouping); they become typed
 * multiaddrs once libp2p has them. Immutable: the arrays are copied in and out.
 */
public record PeerAddresses(PeerId id, List<byte[]> multiaddrs) {
  public PeerAddresses {
    Objects.requireNonNull(id, "id");
    List<byte[]> copy = new ArrayList<>(multiaddrs.size());
    for (byte[] a : multiaddrs) {
      copy.add(a.clone());
    }
    multiaddrs = List.copyOf(copy);
  }

  public static PeerAddresses of(PeerId id, byte[]... multiaddrs) {
    return new PeerAddresses(id, List.of(multiaddrs));
  }

  @Override
  public List<byte[]> multiaddrs() {
    return multiaddrs.stream().map(byte[]::clone).toList();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PeerAddresses other) || !id.equals(other.id)
        || multiaddrs.size() != other.multiaddrs.size()) {
      return false;
    }
    for (int i = 0; i < multiaddrs.size(); i++) {
      if (!Arrays.equals(multiaddrs.get(i), other.multiaddrs.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "PeerAddresses[" + id + ", " + multiaddrs.size() + " addrs]";
  }
}
