package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code samizdat channel destroy} and {@code samizdat blocklist destroy}: delete one of the user's own
 * feeds from this node with its key. It cannot be undone, so without {@code --yes} the command only says
 * what it would do.
 */
abstract class DestroyOwnFeed extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Its name, id or link.") String feed;

  @Option(names = "--yes", description = "Do it; without --yes the command only says what would happen.")
  boolean yes;

  /** "channel" or "blocklist". */
  private final String noun;
  /** The API's collection: /api/channels or /api/blocklists. */
  private final String collection;
  /** What the copies others hold go on doing. */
  private final String othersKeep;

  private DestroyOwnFeed(String noun, String collection, String othersKeep) {
    this.noun = noun;
    this.collection = collection;
    this.othersKeep = othersKeep;
  }

  @Override
  JsonObject run(ApiClient client) {
    String path = collection + "/" + segment(feed);
    if (!yes) {
      // The node checks first, so that what --yes would refuse (not held, not yours) is refused now. A read:
      // a node older than this check answers 404 and deletes nothing.
      client.get(path + "/destroyable");
      throw new CliException("this deletes your " + noun + " '" + feed + "' from this node with its key: nobody, you"
          + " included, can ever write to it again, and " + othersKeep + ". Run it again with --yes to do it.");
    }
    return client.post(path + "/destroy", new JsonObject());
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    long entries = answer.getLong("entries");
    out.println("destroyed " + noun + " " + answer.getString("id") + ": its key and " + entries
        + (entries == 1 ? " entry" : " entries") + " are deleted here, and the database files are purged of them in"
        + " the background; " + othersKeep);
  }

  @Command(name = "destroy", description = "Delete one of your channels from this node, with its key: nobody can post"
      + " to it again; subscribers keep the posts they hold.")
  static final class Channel extends DestroyOwnFeed {
    Channel() {
      super("channel", "/api/channels", "its subscribers keep the posts they hold and go on serving them to each other");
    }
  }

  @Command(name = "destroy", description = "Delete one of your blocklists from this node, with its key and its review"
      + " queue: nobody can change it again; who follows it keeps its last rules.")
  static final class Blocklist extends DestroyOwnFeed {
    Blocklist() {
      super("blocklist", "/api/blocklists", "who follows it keeps its last rules, which nobody can retract any more");
    }
  }
}
