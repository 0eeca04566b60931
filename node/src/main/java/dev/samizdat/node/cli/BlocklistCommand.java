package dev.samizdat.node.cli;

import dev.samizdat.channels.policy.Category;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samizdat blocklist …}: your own blocklists, and the ones you follow. */
@Command(name = "blocklist", description = "Write, follow and preview blocklists.",
    subcommands = {BlocklistCommand.Create.class, BlocklistCommand.Add.class, BlocklistCommand.Retract.class,
        BlocklistCommand.Follow.class, BlocklistCommand.Unfollow.class, BlocklistCommand.Preview.class,
        BlocklistCommand.Lists.class, BlocklistCommand.Rules.class, DestroyOwnFeed.Blocklist.class})
final class BlocklistCommand implements Runnable {
  // so that "--home DIR" may come before the subcommand
  @CommandLine.Mixin HomeOption home;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final String CATEGORIES = "terrorism, csam, violence, spam, scam, impersonation, copyright, other";

  static void printList(JsonObject l, PrintWriter out) {
    List<String> categories = l.getJsonArray("categories", new JsonArray()).stream().map(Object::toString).toList();
    out.println((l.getString("name", "").isEmpty() ? "(unnamed)" : l.getString("name")) + "  " + l.getString("link")
        + "  " + l.getString("role") + (l.getString("action") != null ? "  following: at most "
        + l.getString("action") + ", categories "
        + (categories.isEmpty() || categories.size() == Category.values().length ? "all" : String.join(",", categories))
        + ", drop threshold " + l.getInteger("threshold") : ""));
  }

  @Command(name = "rules", description = "What a list blocks now (with --all, every block and retraction it signed).")
  static final class Rules extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LIST", description = "Blocklist name, id or link.") String list;

    @Option(names = "--all", description = "Every entry, lifted blocks and retractions included.") boolean all;

    @Override
    JsonObject run(ApiClient client) {
      return client.get("/api/blocklists/" + segment(list) + "/rules");
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      JsonArray rules = answer.getJsonArray("rules");
      int shown = 0;
      for (int i = 0; i < rules.size(); i++) {
        JsonObject r = rules.getJsonObject(i);
        boolean block = "block".equals(r.getString("kind"));
        if (!all && !(block && r.getBoolean("inForce"))) {
          continue;
        }
        shown++;
        out.println("#" + r.getLong("sequence") + " " + (block ? r.getString("action") : "retracted") + " "
            + r.getString("target") + (block ? "  " + r.getString("category") : "")
            + "  \"" + TerminalText.indented(r.getString("reason"), "    ") + "\""
            + (r.containsKey("expiresAt") ? "  until " + Instant.ofEpochMilli(r.getLong("expiresAt")) : "")
            + (all && block && !r.getBoolean("inForce") ? "  (no longer in force)" : ""));
      }
      if (shown == 0) {
        out.println(all ? "the list has signed no blocks yet" : "the list blocks nothing now");
      }
    }
  }

  @Command(name = "create", description = "Create a blocklist that you moderate.")
  static final class Create extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Option(names = "--description", paramLabel = "TEXT") String description = "";

    @Override
    JsonObject run(ApiClient client) {
      return client.post("/api/blocklists", new JsonObject().put("name", name).put("description", description));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      printList(answer, out);
    }
  }

  @Command(name = "add", description = "Publish a block on one of your lists.")
  static final class Add extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LIST", description = "Blocklist name, id or link.") String list;

    @Parameters(index = "1", paramLabel = "TARGET",
        description = "channel:<id>, post:<id>/<n>, peer:<id>, blob:<sha-256 hex> or digest:<hex>") String target;

    @Option(names = "--category", required = true, paramLabel = "CATEGORY", description = "One of: " + CATEGORIES + ".")
    String category;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
        description = "Why, in words followers will read (at most 1,000 characters).") String reason;

    @Option(names = "--action", paramLabel = "warn|hide|drop", description = "Recommended action (default hide).")
    String action = "hide";

    @Option(names = "--expires", paramLabel = "T", description = "ISO-8601 instant, e.g. 2030-01-01T00:00:00Z.")
    String expires;

    @Option(names = "--digest-only", description = "Publish only the target's digest, never the target.")
    boolean digestOnly;

    @Override
    JsonObject run(ApiClient client) {
      JsonObject body = new JsonObject().put("target", target).put("category", category).put("reason", reason)
          .put("action", action).put("digestOnly", digestOnly);
      if (expires != null) {
        try {
          body.put("expiresAt", Instant.parse(expires).toEpochMilli());
        } catch (DateTimeParseException e) {
          throw new CliException("--expires: '" + expires + "' is not an instant like 2030-01-01T00:00:00Z");
        }
      }
      return client.post("/api/blocklists/" + segment(list) + "/rules", body);
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("published as entry #" + answer.getLong("sequence"));
    }
  }

  @Command(name = "retract", description = "Lift a block on one of your lists, for everyone following it.")
  static final class Retract extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LIST", description = "Blocklist name, id or link.") String list;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The target of the block to retract.") String target;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
        description = "Why, in words followers will read.") String reason;

    @Override
    JsonObject run(ApiClient client) {
      return client.post("/api/blocklists/" + segment(list) + "/retractions",
          new JsonObject().put("target", target).put("reason", reason));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("retracted as entry #" + answer.getLong("sequence"));
    }
  }

  @Command(name = "follow", description = "Follow a blocklist.")
  static final class Follow extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LIST", description = "The list's link or id, or the name of one you hold.")
    String link;

    @Option(names = "--action", paramLabel = "warn|hide|drop",
        description = "The most its blocks may do (default hide; following again keeps what is not given).")
    String action;

    @Option(names = "--categories", split = ",", paramLabel = "CATEGORY",
        description = "Only these categories, comma-separated (default all): " + CATEGORIES + ".")
    List<String> categories;

    @Option(names = "--threshold", paramLabel = "K",
        description = "Lists that must agree before a drop applies (default 1).")
    Integer threshold;

    @Override
    JsonObject run(ApiClient client) {
      JsonObject request = new JsonObject().put("link", link);
      if (action != null) {
        request.put("action", action);
      }
      if (categories != null) {
        request.put("categories", new JsonArray(categories));
      }
      if (threshold != null) {
        request.put("threshold", threshold);
      }
      return client.post("/api/blocklists/follow", request);
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      printList(answer, out);
      if (answer.getJsonObject("sync", new JsonObject()).getLong("of", 0L) == 0) {
        out.println("no peer serving this list has answered yet: the follow stays, and its blocks apply when one does");
      }
    }
  }

  @Command(name = "unfollow", description = "Stop following a blocklist: every effect it had goes.")
  static final class Unfollow extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LIST", description = "Blocklist name, id or link.") String list;

    @Override
    JsonObject run(ApiClient client) {
      return client.delete("/api/blocklists/follow/" + segment(list));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("unfollowed");
    }
  }

  @Command(name = "preview", description = "What a list would hide among your channels and contacts.")
  static final class Preview extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LIST", description = "The list's link or id, or the name of one you hold.")
    String link;

    @Option(names = "--action", paramLabel = "warn|hide|drop",
        description = "The most its blocks may do, as with follow (default hide).") String action = "hide";

    @Option(names = "--categories", split = ",", paramLabel = "CATEGORY",
        description = "Only these categories, comma-separated (default all): " + CATEGORIES + ".")
    List<String> categories;

    @Override
    JsonObject run(ApiClient client) {
      JsonObject request = new JsonObject().put("link", link).put("action", action);
      if (categories != null) {
        request.put("categories", new JsonArray(categories));
      }
      return client.post("/api/blocklists/preview", request);
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      JsonArray affected = answer.getJsonArray("affected");
      if (affected.isEmpty()) {
        out.println("nothing of yours would be affected");
      }
      for (int i = 0; i < affected.size(); i++) {
        JsonObject a = affected.getJsonObject(i);
        out.println(a.getJsonObject("decision").getString("action") + "  " + a.getString("target")
            + (a.getString("name", "").isEmpty() ? "" : "  (" + a.getString("name") + ")"));
      }
    }
  }

  @Command(name = "list", description = "Your blocklists and the ones you follow.")
  static final class Lists extends ClientCommand {
    @Override
    JsonObject run(ApiClient client) {
      return client.get("/api/blocklists");
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      for (String group : List.of("own", "followed")) {
        JsonArray lists = answer.getJsonArray(group);
        out.println(group + ":");
        for (int i = 0; i < lists.size(); i++) {
          printList(lists.getJsonObject(i), out);
        }
      }
    }
  }
}
