package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code samizdat report <target> --list L --category C}: an encrypted report to the list's moderators. */
@Command(name = "report", description = "Report a target to a blocklist's moderators (end-to-end encrypted, never published).")
final class ReportCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "TARGET") String target;

  @Option(names = "--list", required = true, paramLabel = "LIST", description = "Blocklist name, id or link.")
  String list;

  @Option(names = "--category", paramLabel = "C",
      description = "What is wrong with the target (one of: " + BlocklistCommand.CATEGORIES + "); an appeal needs none.")
  String category;

  @Option(names = "--note", paramLabel = "TEXT") String note = "";

  @Option(names = "--appeal", description = "Appeal against the list's block of the target instead.") boolean appeal;

  @Override
  JsonObject run(ApiClient client) {
    if (category == null && !appeal) {
      throw new CliException("a report needs --category (one of: " + BlocklistCommand.CATEGORIES + ")");
    }
    JsonObject body = new JsonObject().put("target", target).put("list", list).put("note", note).put("appeal", appeal);
    return client.post("/api/reports", category == null ? body : body.put("category", category));
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    out.println((appeal ? "appeal" : "report") + " queued for the list's moderators");
  }
}
