package dev.samizdat.libp2p.interop;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import java.util.List;

/** Typed views of the js peer's event and reply objects (see commands.mjs for the JSON). */
public final class JsReplies {
  private JsReplies() {}

  static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }

  /** The "ready" event: who the js peer is and where it listens ({@code /ip4/…/tcp/…/p2p/…}). */
  public record Ready(
      String peerId, List<String> addrs, List<String> protocols, String agentVersion, String protocolVersion,
      boolean dht) {
    static Ready from(JsonObject o) {
      return new Ready(o.getString("peerId"), strings(o.getJsonArray("addrs")), strings(o.getJsonArray("protocols")),
          o.getString("agentVersion"), o.getString("protocolVersion"), o.getBoolean("dht", false));
    }
  }

  /** A connection as js sees it; {@code direction} is "inbound" or "outbound" from js's side. */
  public record Connection(
      String connectionId, String peerId, String remoteAddr, String direction, String multiplexer, String encryption) {
    static Connection from(JsonObject o) {
      return new Connection(o.getString("connectionId"), o.getString("peerId"), o.getString("remoteAddr"),
          o.getString("direction"), o.getString("multiplexer"), o.getString("encryption"));
    }
  }

  /** What js learned about a peer through identify. observedAddr is only known after a refresh. */
  public record Identify(
      List<String> protocols, String agentVersion, String protocolVersion, List<String> listenAddrs,
      String observedAddr) {
    static Identify from(JsonObject o) {
      return new Identify(strings(o.getJsonArray("protocols")), o.getString("agentVersion"),
          o.getString("protocolVersion"), strings(o.getJsonArray("listenAddrs")), o.getString("observedAddr"));
    }
  }

  /** Outcome of N concurrent echo streams; {@code failures} holds up to ten messages. */
  public record Echo(boolean ok, int streams, long bytes, int failed, List<String> failures, double elapsedMs) {
    static Echo from(JsonObject o) {
      var failures = o.getJsonArray("failures", new JsonArray()).stream()
          .map(f -> f instanceof JsonObject j ? "stream " + j.getValue("stream") + ": " + j.getString("error")
              : String.valueOf(f))
          .toList();
      return new Echo(o.getBoolean("ok"), o.getInteger("streams"), o.getLong("bytes"), o.getInteger("failed"),
          failures, o.getDouble("elapsedMs"));
    }
  }

  /** What js had sent and received on an echo stream when it reset it (or its connection). */
  public record EchoReset(long sent, long received, String mode) {
    static EchoReset from(JsonObject o) {
      return new EchoReset(o.getLong("sent"), o.getLong("received"), o.getString("mode"));
    }
  }

  /** One perf exchange, timed by js from opening the stream to the server's FIN. */
  public record Perf(long uploadBytes, long downloadBytes, double elapsedMs) {
    static Perf from(JsonObject o) {
      return new Perf(o.getLong("uploadBytes"), o.getLong("downloadBytes"), o.getDouble("elapsedMs"));
    }

    /** Bytes moved in either direction per second, in MiB/s. */
    public double mibPerSecond() {
      return (uploadBytes + downloadBytes) / (1024.0 * 1024.0) / (elapsedMs / 1000.0);
    }
  }

  /** A peer and its addresses as a DHT query returned them. */
  public record PeerInfo(String peerId, List<String> addrs) {
    static PeerInfo from(JsonObject o) {
      return new PeerInfo(o.getString("peerId"), strings(o.getJsonArray("addrs")));
    }
  }

  /** A DHT value and the peers it came from (js's own id when it held the record itself). */
  public record DhtValue(byte[] value, List<String> from) {
    static DhtValue from(JsonObject o) {
      return new DhtValue(HexFormat.of().parseHex(o.getString("valueHex")), strings(o.getJsonArray("from")));
    }
  }

  /** A provided CID (text form) and its multihash, the key that travels in kad messages. */
  public record Provided(String cid, byte[] multihash) {
    static Provided from(JsonObject o) {
      return new Provided(o.getString("cid"), HexFormat.of().parseHex(o.getString("multihashHex")));
    }
  }
}
