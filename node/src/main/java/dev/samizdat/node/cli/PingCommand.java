package dev.samizdat.node.cli;

import dev.samizdat.node.Links;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code samizdat ping <peer|multiaddr> [--count N]}: libp2p pings and their round-trip times, one a
 * second as the system's ping sends them, each printed as it comes back.
 */
@Command(name = "ping", description = "Ping a peer (contact name, peer id, link or multiaddr).")
final class PingCommand extends ClientCommand {
  static final int MAX_COUNT = 100;
  static final long INTERVAL_MILLIS = 1_000;

  @Parameters(paramLabel = "TARGET")
  String target;

  @Option(names = {"-c", "--count"}, paramLabel = "N", defaultValue = "1",
      description = "Pings to send, one a second (1 to " + MAX_COUNT + "; default ${DEFAULT-VALUE}).")
  int count;

  @Override
  JsonObject run(ApiClient client) {
    if (count < 1 || count > MAX_COUNT) {
      throw new CliException("--count takes 1 to " + MAX_COUNT + " pings, not " + count);
    }
    // A node never connects to itself, so the node would look for an address of its own and report none.
    String ownPeerId = client.get("/api/node").getString("peerId");
    if (namesPeer(target, ownPeerId)) {
      throw new CliException("that is this node's own peer id (" + ownPeerId + "): ping another peer");
    }
    JsonObject request = new JsonObject().put("target", target);
    if (count == 1) {
      return client.post("/api/ping", request);
    }
    JsonArray replies = new JsonArray();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        pause();
      }
      JsonObject reply;
      try {
        reply = client.post("/api/ping", request);
      } catch (CliException e) {
        reply = new JsonObject().put("error", e.getMessage());
      }
      replies.add(reply);
      if (!json) {
        out().println(TerminalText.safe(line(reply)));
        out().flush();
      }
    }
    return summary(replies);
  }

  /** Whether {@code target} is the peer's id, its link, or a multiaddr that ends in its id. */
  private static boolean namesPeer(String target, String peerId) {
    String text = Links.withoutPeerPrefix(target);
    return text.equals(peerId) || text.endsWith("/p2p/" + peerId);
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  /** What {@code --json} prints for several pings: each reply, and the round trips of those answered. */
  static JsonObject summary(JsonArray replies) {
    double min = Double.MAX_VALUE;
    double max = 0;
    double sum = 0;
    int answered = 0;
    for (int i = 0; i < replies.size(); i++) {
      Double rtt = replies.getJsonObject(i).getDouble("rttMillis");
      if (rtt != null) {
        answered++;
        sum += rtt;
        min = Math.min(min, rtt);
        max = Math.max(max, rtt);
      }
    }
    if (answered == 0) {
      throw new CliException("no answer to " + replies.size() + " pings (last: "
          + replies.getJsonObject(replies.size() - 1).getString("error") + ")");
    }
    return new JsonObject().put("sent", replies.size()).put("answered", answered)
        .put("minMillis", min).put("avgMillis", sum / answered).put("maxMillis", max).put("replies", replies);
  }

  private static String line(JsonObject reply) {
    return reply.containsKey("error") ? "no answer: " + reply.getString("error")
        : String.format(Locale.ROOT, "%s answered in %.2f ms", reply.getString("peerId"), reply.getDouble("rttMillis"));
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    if (!answer.containsKey("replies")) {
      out.println(line(answer));
      return;
    }
    out.printf(Locale.ROOT, "%d sent, %d answered; round trip min / avg / max %.2f / %.2f / %.2f ms%n",
        answer.getInteger("sent"), answer.getInteger("answered"), answer.getDouble("minMillis"),
        answer.getDouble("avgMillis"), answer.getDouble("maxMillis"));
  }
}
