package dev.samizdat.node.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of every command that talks to a running node through its API: {@code --home} finds the
 * node, {@code --json} prints the API's answer as it is instead of readable lines.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin HomeOption home;

  static final String JSON_OPTION = "--json";

  @Option(names = JSON_OPTION, description = "Print the API's JSON answer.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    ApiClient client = ApiClient.forHome(home.resolve(), homeArgument());
    JsonObject answer = run(client);
    if (json) {
      out().println(answer.encodePrettily()); // JSON escapes control characters itself
    } else {
      StringWriter text = new StringWriter();
      print(answer, new PrintWriter(text));
      out().print(TerminalText.safe(text.toString()));
    }
    out().flush();
    return 0;
  }

  /** Makes the API call(s); returns what {@code --json} prints. */
  abstract JsonObject run(ApiClient client);

  /** Prints {@code answer} for a person. */
  abstract void print(JsonObject answer, PrintWriter out);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** {@code --home DIR} when this command was given one, for the commands it suggests to be typed next. */
  String homeArgument() {
    return home == null ? "" : home.argument();
  }

  /** A path segment: names may hold spaces, links hold '/' and ':'. */
  static String segment(String text) {
    if (text.isBlank()) {
      throw new CliException("an empty name or id names nothing");
    }
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
