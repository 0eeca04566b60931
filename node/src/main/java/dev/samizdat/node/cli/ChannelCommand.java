package dev.samizdat.node.cli;

import dev.samizdat.channels.post.Post;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code samizdat channel create|post|edit|delete|download|subscribe|unsubscribe|read|destroy}: thin clients of
 * /api/channels.
 */
@Command(name = "channel", description = "Create, write, follow and read channels.",
    subcommands = {ChannelCommand.Create.class, ChannelCommand.PostTo.class, ChannelCommand.Subscribe.class,
        ChannelCommand.Unsubscribe.class, ChannelCommand.Read.class, ChannelCommand.EditPost.class,
        ChannelCommand.DeletePost.class, ChannelCommand.Download.class, DestroyOwnFeed.Channel.class})
final class ChannelCommand implements Runnable {
  // so that "--home DIR" may come before the subcommand
  @CommandLine.Mixin HomeOption home;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static final Map<String, String> POLICY_OUTCOMES =
      Map.of("warn", "flagged", "hide", "hidden", "drop", "dropped");

  /** One line about a channel: its name, link, role and how far it is synced. */
  static void printChannel(JsonObject c, PrintWriter out) {
    JsonObject sync = c.getJsonObject("sync", new JsonObject());
    JsonObject decision = c.getJsonObject("decision", new JsonObject());
    String action = decision.getString("action");
    String name = c.getString("name", "");
    if (name.isEmpty()) {
      // A dropped channel's entries are deleted, its manifest and so its name with them.
      name = "drop".equals(action) ? "(name deleted with its posts)" : "(unnamed)";
    }
    out.println(name + "  " + c.getString("link")
        + "  " + c.getString("role") + "  " + sync.getLong("have", 0L) + "/" + sync.getLong("of", 0L) + " entries"
        + ("subscriber".equals(c.getString("role")) ? "  " + servingPeers(c) : "")
        + (c.getInteger("forks", 0) > 0 ? "  FORKED (" + c.getInteger("forks") + ")" : "")
        + (action != null ? "  [" + POLICY_OUTCOMES.getOrDefault(action, action)
            + " by your policy: samizdat why channel:" + c.getString("id") + "]" : ""));
  }

  private static String servingPeers(JsonObject c) {
    return "serving peers online: " + c.getJsonArray("servingPeers", new JsonArray()).size();
  }

  /** A post's text as given, or standard input for '-'. */
  static String postText(String text, InputStream stdin) {
    return "-".equals(text) ? StandardInput.read(stdin, Post.MAX_TEXT_BYTES, "post").stripTrailing() : text;
  }

  @Command(name = "create", description = "Create a channel; prints its link.")
  static final class Create extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Option(names = "--description", paramLabel = "TEXT") String description = "";

    @Override
    JsonObject run(ApiClient client) {
      return client.post("/api/channels", new JsonObject().put("name", name).put("description", description));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      printChannel(answer, out);
    }
  }

  @Command(name = "post", description = "Post to one of your channels (TEXT '-' reads standard input).")
  static final class PostTo extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel name, id or link.") String channel;

    @Parameters(index = "1", paramLabel = "TEXT", arity = "0..1",
        description = "The post's text; may be left out when files are attached.") String text = "";

    @Option(names = "--file", paramLabel = "PATH",
        description = "Attach a file (repeatable: 16 files of up to 16 MiB, 18 MiB together).")
    List<Path> files = new ArrayList<>();

    InputStream stdin = System.in;

    @Override
    JsonObject run(ApiClient client) {
      String body = postText(text, stdin);
      if (body.isBlank() && files.isEmpty()) {
        throw new CliException("a post needs a text or a file (--file PATH)");
      }
      JsonObject request = new JsonObject().put("text", body);
      if (!files.isEmpty()) {
        Attachments.refuseTooLargeTogether(files);
        request.put("attachments", new JsonArray(files.stream().map(Attachments::read).toList()));
      }
      return client.post("/api/channels/" + segment(channel) + "/posts", request);
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("posted #" + answer.getLong("sequence"));
    }
  }

  @Command(name = "download", description = "Save a file attached to a post ('channel read' lists them).")
  static final class Download extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel name, id or link.") String channel;

    @Parameters(index = "1", paramLabel = "FILE", description = "The file's hash, as 'channel read' lists it.")
    String blob;

    @Option(names = "--out", paramLabel = "PATH",
        description = "A file or a directory to save it in (default: the current directory, under the name the"
            + " author gave it).")
    Path out;

    /** Where a file without --out goes. */
    Path directory = Path.of("");

    @Override
    JsonObject run(ApiClient client) {
      ApiClient.Download file = client.download("/api/channels/" + segment(channel) + "/attachments/" + segment(blob));
      String name = Attachments.safeName(file.fileName());
      Path target = out == null ? directory.resolve(name)
          : java.nio.file.Files.isDirectory(out) ? out.resolve(name) : out;
      Attachments.save(file.content(), target);
      return new JsonObject().put("path", target.toString()).put("bytes", file.content().length);
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("saved " + Counts.of(answer.getLong("bytes"), "byte") + " to " + answer.getString("path"));
    }
  }

  @Command(name = "edit",
      description = "Replace the text of one of your posts (its files stay); readers see it edited.")
  static final class EditPost extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel name, id or link.") String channel;

    @Parameters(index = "1", paramLabel = "NUMBER", description = "The post's number, as 'channel read' shows it.")
    long sequence;

    @Parameters(index = "2", paramLabel = "TEXT", description = "The new text, or - to read it from standard input.")
    String text;

    InputStream stdin = System.in;

    @Override
    JsonObject run(ApiClient client) {
      String body = postText(text, stdin);
      return client.put("/api/channels/" + segment(channel) + "/posts/" + sequence, new JsonObject().put("text", body));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("edited #" + answer.getLong("sequence"));
    }
  }

  @Command(name = "delete", description = "Delete one of your posts: readers stop showing it, and its files leave"
      + " their nodes unless another post they hold names them.")
  static final class DeletePost extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel name, id or link.") String channel;

    @Parameters(index = "1", paramLabel = "NUMBER", description = "The post's number, as 'channel read' shows it.")
    long sequence;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Shown with the tombstone.") String reason;

    @Override
    JsonObject run(ApiClient client) {
      return client.delete("/api/channels/" + segment(channel) + "/posts/" + sequence
          + (reason == null ? "" : "?reason=" + query(reason)));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("deleted #" + sequence);
    }
  }

  @Command(name = "subscribe", description = "Subscribe to a channel by its link or id.")
  static final class Subscribe extends ClientCommand {
    @Parameters(index = "0", paramLabel = "LINK", description = "The channel's link (samizdat:channel/<id>) or id.")
    String link;

    @Override
    JsonObject run(ApiClient client) {
      return client.post("/api/channels/subscribe", new JsonObject().put("link", link));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      printChannel(answer, out);
      if (answer.getJsonObject("sync", new JsonObject()).getLong("of", 0L) == 0) {
        out.println("no peer serving this channel has answered yet: the subscription stays, and the node catches up"
            + " when one does");
      }
    }
  }

  @Command(name = "unsubscribe", description = "Unsubscribe from a channel and delete its posts here.")
  static final class Unsubscribe extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel name, id or link.") String channel;

    @Override
    JsonObject run(ApiClient client) {
      return client.delete("/api/channels/" + segment(channel));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      out.println("unsubscribed");
    }
  }

  @Command(name = "read", description = "Read a channel's newest posts (or those after #N), oldest first.")
  static final class Read extends ClientCommand {
    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel name, id or link.") String channel;

    @Option(names = "--since", paramLabel = "N",
        description = "The posts after #N instead of the newest (--since 0: from the first).") Long since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N posts (default 100).") int limit = 100;

    @Override
    JsonObject run(ApiClient client) {
      return client.get("/api/channels/" + segment(channel) + "/posts?limit=" + limit
          + (since == null ? "" : "&since=" + since));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      printChannel(answer.getJsonObject("channel"), out);
      JsonArray posts = answer.getJsonArray("posts");
      JsonObject channel = answer.getJsonObject("channel");
      String id = channel.getString("id");
      if (posts.isEmpty() && answer.getInteger("earlier", 0) == 0 && answer.getInteger("later", 0) == 0
          && answer.getInteger("hidden", 0) == 0) {
        boolean dropped = "drop".equals(channel.getJsonObject("decision", new JsonObject()).getString("action"));
        boolean waiting = "subscriber".equals(channel.getString("role"))
            && channel.getJsonArray("servingPeers", new JsonArray()).isEmpty();
        out.println(dropped ? "(your policy drops this channel: its posts are not kept here; why: samizdat why channel:"
                + id + homeArgument() + ")"
            : waiting ? "(no posts here yet: no peer serving this channel is online now; its posts arrive when"
                + " its author or another subscriber is)" : "(no posts yet)");
      }
      if (answer.getInteger("earlier", 0) > 0) {
        out.println("(" + Counts.of(answer.getInteger("earlier"), "earlier post") + ": samizdat channel read " + id
            + " --since 0 --limit " + answer.getInteger("earlier") + homeArgument() + ")");
      }
      for (int i = 0; i < posts.size(); i++) {
        JsonObject p = posts.getJsonObject(i);
        String action = p.getJsonObject("decision").getString("action");
        out.println("#" + p.getLong("sequence") + " " + Messages.time(p.getLong("createdAt"))
            + (p.containsKey("editedAt") ? " (edited)" : "") + (action != null ? " [" + action + "]" : ""));
        if (!p.getString("text", "").isEmpty()) {
          out.println("  " + TerminalText.indented(p.getString("text"), "  "));
        }
        JsonArray files = p.getJsonArray("attachments", new JsonArray());
        for (int f = 0; f < files.size(); f++) {
          JsonObject file = files.getJsonObject(f);
          String fileAction = file.getJsonObject("decision", new JsonObject()).getString("action");
          String why = " (why: samizdat why blob:" + file.getString("blob") + homeArgument() + ")";
          out.println("  file: " + file.getString("name", "") + " ("
              + Counts.of(file.getLong("size"), "byte") + ", " + file.getString("mediaType", "") + ")"
              + ("warn".equals(fileAction) ? " [warn]" : "") + ": "
              + (file.getBoolean("dropped", false) ? "dropped by your policy" + why
                  : "hide".equals(fileAction) ? "hidden by your policy" + why
                  : "samizdat channel download " + id + " " + file.getString("blob") + homeArgument()));
        }
      }
      if (answer.getInteger("later", 0) > 0) {
        out.println("(" + Counts.of(answer.getInteger("later"), "more post") + ": samizdat channel read " + id + " --since "
            + posts.getJsonObject(posts.size() - 1).getLong("sequence") + homeArgument() + ")");
      }
      JsonArray hidden = answer.getJsonArray("hiddenPosts", new JsonArray());
      if (!hidden.isEmpty()) {
        out.println("(" + Counts.of(hidden.size(), "post") + " not shown by your policy: "
            + hidden.stream().map(n -> "#" + n).collect(Collectors.joining(", ")) + "; why: samizdat why post:" + id
            + "/" + hidden.getLong(0) + homeArgument() + ")");
      }
      JsonArray forks = answer.getJsonArray("forks", new JsonArray());
      for (int i = 0; i < forks.size(); i++) {
        out.println("WARNING: the author signed two different entries #" + forks.getJsonObject(i).getLong("sequence"));
      }
    }
  }
}
