package dev.samizdat.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code samizdat why <target>}: what your policy does with a target, and which rules say so. */
@Command(name = "why", description = "Explain what your blocklists do with a target, and why.")
final class WhyCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "TARGET") String target;

  @Override
  JsonObject run(ApiClient client) {
    return client.get("/api/why?target=" + query(target));
  }

  @Override
  void print(JsonObject d, PrintWriter out) {
    String action = d.getString("action");
    boolean yours = "user".equals(d.getString("source"));
    String exemption = d.getString("exemption");
    if ("own".equals(exemption)) {
      out.println("shown: it is yours, and the lists you follow do not decide about what you write; they say:");
      printReasons(d.getJsonObject("setAside"), out);
      return;
    }
    if ("followed_list".equals(exemption)) {
      out.println("shown: you follow this list, and one list may not silence another on your node; they say:");
      printReasons(d.getJsonObject("setAside"), out);
      return;
    }
    if (action == null) {
      out.println(yours ? "shown: you allowed it, whatever the lists you follow say"
          : "shown: no rule of yours or of the lists you follow applies");
    } else {
      out.println(action + " (by " + (yours ? "your own rule" : "the lists you follow")
          + (d.getBoolean("throughPosts", false) ? ", on every post here that names this file" : "") + ")");
    }
    printReasons(d, out);
    if ("chosen_contact".equals(exemption)) {
      out.println("their messages still reach you: they are a contact you named or verified, and lists do not decide"
          + " whom of those you hear from (the decision holds for their posts)");
    }
  }

  private static void printReasons(JsonObject decision, PrintWriter out) {
    JsonArray reasons = decision.getJsonArray("reasons");
    for (int i = 0; i < reasons.size(); i++) {
      JsonObject r = reasons.getJsonObject(i);
      out.println("  " + (r.getString("listName", "").isEmpty() ? r.getString("list") : r.getString("listName"))
          + " entry #" + r.getLong("entry") + ": " + r.getString("category") + ", \"" + TerminalText.indented(r.getString("reason"), "    ")
          + "\" (recommends " + r.getString("recommended") + ", applied " + r.getString("applied") + ")"
          + (r.getJsonArray("moderators", new JsonArray()).isEmpty() ? ""
              : "\n    moderated by " + String.join(", ", r.getJsonArray("moderators").stream().map(String::valueOf).toList())));
    }
  }
}
