package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The user's own rules, which come before every list they follow and stay on this node: {@code block},
 * {@code allow} and {@code unblock}. Each prints what the policy now does with the target.
 */
final class UserRuleCommands {
  private UserRuleCommands() {}

  /** {@code samizdat block <target> [--action hide|warn|drop]}. */
  @Command(name = "block", description = "Block a channel, post, peer or blob yourself (before every list).")
  static final class Block extends ClientCommand {
    @Parameters(index = "0", paramLabel = "TARGET", description = "channel:<id>, post:<id>/<n>, peer:<id> or blob:<hex>")
    String target;

    @Option(names = "--action", defaultValue = "hide", description = "hide (default), warn or drop (also deletes it)")
    String action;

    @Override
    JsonObject run(ApiClient client) {
      return client.post("/api/blocks", new JsonObject().put("target", target).put("action", action));
    }

    @Override
    void print(JsonObject decision, PrintWriter out) {
      out.println(target + ": " + describe(decision));
    }
  }

  /** {@code samizdat allow <target>}: shown whatever the lists followed say. */
  @Command(name = "allow", description = "Allow a target yourself, whatever the lists you follow say.")
  static final class Allow extends ClientCommand {
    @Parameters(index = "0", paramLabel = "TARGET") String target;

    @Override
    JsonObject run(ApiClient client) {
      return client.post("/api/allows", new JsonObject().put("target", target));
    }

    @Override
    void print(JsonObject decision, PrintWriter out) {
      out.println(target + ": " + describe(decision));
    }
  }

  /** {@code samizdat unblock <target>}: removes the user's own block or allow of a target. */
  @Command(name = "unblock", description = "Remove your own block or allow of a target; the lists decide again.")
  static final class Unblock extends ClientCommand {
    @Parameters(index = "0", paramLabel = "TARGET") String target;

    @Override
    JsonObject run(ApiClient client) {
      return client.delete("/api/user-rules?target=" + query(target));
    }

    @Override
    void print(JsonObject decision, PrintWriter out) {
      out.println(target + ": " + describe(decision));
    }
  }

  static String describe(JsonObject decision) {
    String action = decision.getString("action");
    boolean own = "user".equals(decision.getString("source"));
    if (action == null) {
      return own ? "shown (allowed by your own rule)" : "shown (no rule applies)";
    }
    return action + " (by " + (own ? "your own rule" : "the lists you follow") + ")";
  }
}
