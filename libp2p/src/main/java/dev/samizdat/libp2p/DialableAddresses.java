package dev.samizdat.libp2p;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses to give others for one the node listens on. Listening on 0.0.0.0 (or ::) means every
 * interface, but nobody can dial 0.0.0.0: it stands for each interface's own address.
 */
public final class DialableAddresses {
  private static final String ANY_IP4 = "/ip4/0.0.0.0/";
  private static final String ANY_IP6 = "/ip6/::/";

  private DialableAddresses() {}

  public static List<Multiaddr> of(Multiaddr listening) {
    String text = listening.toString();
    boolean ip4 = text.startsWith(ANY_IP4);
    if (!ip4 && !text.startsWith(ANY_IP6)) {
      return List.of(listening);
    }
    String rest = text.substring(ip4 ? ANY_IP4.length() : ANY_IP6.length());
    List<Multiaddr> out = new ArrayList<>();
    for (InetAddress address : interfaceAddresses()) {
      if (ip4 ? address instanceof Inet4Address
          : address instanceof Inet6Address && !address.isLinkLocalAddress()) {
        String ip = address.getHostAddress().replaceFirst("%.*$", "");
        out.add(Multiaddr.parse((ip4 ? "/ip4/" : "/ip6/") + ip + "/" + rest));
      }
    }
    return out.isEmpty() ? List.of(listening) : out;
  }

  /** Loopback first: it is what another node on this machine dials. */
  private static List<InetAddress> interfaceAddresses() {
    List<InetAddress> loopback = new ArrayList<>();
    List<InetAddress> others = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp()) {
          for (InetAddress address : Collections.list(nic.getInetAddresses())) {
            (address.isLoopbackAddress() ? loopback : others).add(address);
          }
        }
      }
    } catch (SocketException e) {
      return List.of();
    }
    loopback.addAll(others);
    return loopback;
  }
}
