package dev.samizdat.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samizdat reports [--list L]}: the review queues of your blocklists; {@code reports resolve}. */
@Command(name = "reports", description = "The reports sent to your blocklists, grouped by target.",
    subcommands = ReportsCommand.Resolve.class)
final class ReportsCommand extends ClientCommand {
  @Option(names = "--list", paramLabel = "LIST", description = "Only this blocklist (name, id or link).")
  String list;

  @Override
  JsonObject run(ApiClient client) {
    return client.get("/api/reports" + (list == null ? "" : "?list=" + query(list)));
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    JsonArray items = answer.getJsonArray("items");
    if (items.isEmpty()) {
      out.println("no reports");
    }
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      boolean appeal = item.getBoolean("appeal");
      // An appeal names no category of its own: it disputes the block, whatever the block's category.
      out.println(item.getString("id") + "  " + item.getString("status") + "  " + item.getString("target") + "  "
          + (appeal ? Counts.of(item.getInteger("count"), "appeal") + " against the block"
              : Counts.of(item.getInteger("count"), "reporter") + "  " + item.getJsonObject("categories").stream()
                  .map(c -> c.getKey() + " " + c.getValue()).collect(Collectors.joining(", "))));
      item.getJsonArray("notes").forEach(note -> out.println("    \"" + TerminalText.indented(String.valueOf(note), "     ")
          + "\""));
    }
  }

  @Command(name = "resolve", description = "Block the target (publishes a block), dismiss, or grant an appeal.")
  static final class Resolve extends ClientCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;

    static final class Choice {
      @Option(names = "--block", required = true) boolean block;

      @Option(names = "--dismiss", required = true) boolean dismiss;

      @Option(names = "--grant", required = true, description = "Grant an appeal: retract the block.") boolean grant;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Choice choice;

    @Option(names = "--action", paramLabel = "warn|hide|drop") String action;

    @Option(names = "--reason", paramLabel = "TEXT") String reason;

    @Option(names = "--category", paramLabel = "C",
        description = "The block's category (default: the one most reporters chose).") String category;

    @Override
    JsonObject run(ApiClient client) {
      JsonObject body = new JsonObject().put("decision", choice.block ? "block" : choice.dismiss ? "dismiss" : "grant");
      if (category != null) {
        body.put("category", category);
      }
      if (action != null) {
        body.put("action", action);
      }
      if (reason != null) {
        body.put("reason", reason);
      }
      return client.post("/api/reports/" + segment(id) + "/resolve", body);
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println(answer.containsKey("sequence") ? "published as entry #" + answer.getLong("sequence") : "dismissed");
    }
  }
}
