package dev.samizdat.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code samizdat contacts [add|remove|verify|disappearing]}: lists contacts, adds or removes one, shows
 * or confirms a safety number, sets a chat's disappearing-message timer.
 */
@Command(name = "contacts",
    description = "List contacts; add or remove one; verify a safety number; set disappearing messages.",
    subcommands = {ContactsCommand.Add.class, ContactsCommand.Remove.class, ContactsCommand.Verify.class,
        ContactsCommand.Disappearing.class})
final class ContactsCommand extends ClientCommand {
  @Override
  JsonObject run(ApiClient client) {
    return client.get("/api/contacts");
  }

  @Override
  void print(JsonObject answer, PrintWriter out) {
    if (answer.getJsonArray("contacts").isEmpty()) {
      out.println("no contacts yet (add one with: samizdat contacts add <peer id or link> --name NAME)");
    }
    for (Object o : answer.getJsonArray("contacts")) {
      out.println(line((JsonObject) o));
    }
  }

  static String line(JsonObject c) {
    String name = c.getString("name", "");
    long disappearing = c.getLong("disappearingSeconds", 0L);
    return (name.isEmpty() ? "(no name)" : name) + "  " + c.getString("peerId")
        + (c.getBoolean("verified", false) ? "  verified" : "")
        + (disappearing > 0 ? "  messages disappear after " + Spans.format(disappearing) : "");
  }

  @Command(name = "add", description = "Add a contact (or rename one).")
  static final class Add extends ClientCommand {
    @Parameters(paramLabel = "PEER", description = "Peer id, samizdat:peer/ link or address ending in /p2p/<peer id>"
        + " (or the name of a contact, to rename it).")
    String peer;

    @Option(names = "--name", paramLabel = "NAME", description = "Your name for them.")
    String name;

    /** The contact as it was before, if it was one: what tells an addition from a rename. */
    private JsonObject before;

    @Override
    JsonObject run(ApiClient client) {
      JsonObject body = new JsonObject().put("peer", peer);
      if (name != null) {
        body.put("name", name);
      }
      JsonArray existing = client.get("/api/contacts").getJsonArray("contacts");
      JsonObject contact = client.post("/api/contacts", body);
      before = existing.stream().map(JsonObject.class::cast)
          .filter(c -> c.getString("peerId").equals(contact.getString("peerId"))).findFirst().orElse(null);
      return contact;
    }

    @Override
    void print(JsonObject contact, PrintWriter out) {
      String was = before == null ? null : before.getString("name", "");
      String now = contact.getString("name", "");
      if (was == null) {
        out.println("added " + line(contact));
      } else if (was.equals(now)) {
        out.println("already a contact: " + line(contact));
      } else if (now.isEmpty()) {
        out.println("name removed (was " + was + "): " + line(contact));
      } else {
        out.println((was.isEmpty() ? "named " : "renamed from " + was + ": ") + line(contact));
      }
    }
  }

  @Command(name = "remove", description = "Remove a contact: forget your name for them and the verified mark."
      + " The chat stays until 'samizdat delete --chat', and messages not yet delivered are still sent.")
  static final class Remove extends ClientCommand {
    @Parameters(paramLabel = "PEER", description = "Contact name, peer id or link.")
    String peer;

    @Override
    JsonObject run(ApiClient client) {
      return client.delete("/api/contacts/" + segment(peer));
    }

    @Override
    void print(JsonObject answer, PrintWriter out) {
      JsonObject was = answer.getJsonObject("contact");
      String peerId = was.getString("peerId");
      String name = was.getString("name", "");
      boolean verified = was.getBoolean("verified", false);
      String forgotten = name.isEmpty() && !verified ? "there was no name or verified mark to forget"
          : name.isEmpty() ? "the verified mark is forgotten"
          : verified ? "your name for them and the verified mark are forgotten"
          : "your name for them is forgotten";
      out.println("removed " + (name.isEmpty() ? peerId : name + " (" + peerId + ")") + ": " + forgotten);
      if (answer.getBoolean("chatKept")) {
        // The name no longer finds them, so the command to type next names the peer id.
        out.println("the chat with them stays on this node, listed without a name, and messages not yet delivered"
            + " are still sent; to delete it: samizdat delete --chat " + peerId + homeArgument());
      }
    }
  }

  @Command(name = "verify",
      description = "Show the safety number to compare with a contact; --confirm marks it verified, --unconfirm not.")
  static final class Verify extends ClientCommand {
    @Parameters(paramLabel = "PEER", description = "Contact name, peer id or link.")
    String peer;

    static final class Mark {
      @Option(names = "--confirm", required = true,
          description = "You compared the numbers and they match: mark the contact verified.")
      boolean confirm;

      @Option(names = "--unconfirm", required = true,
          description = "Take the mark back (say, the contact's key changed or you compared too quickly).")
      boolean unconfirm;
    }

    @ArgGroup(multiplicity = "0..1") Mark mark;

    @Override
    JsonObject run(ApiClient client) {
      JsonObject number = client.get("/api/contacts/" + segment(peer) + "/safety-number");
      if (mark != null) {
        JsonObject contact = client.post("/api/contacts/" + segment(peer) + "/verified",
            new JsonObject().put("verified", mark.confirm));
        number.put("verified", contact.getBoolean("verified"));
      }
      return number;
    }

    @Override
    void print(JsonObject number, PrintWriter out) {
      String name = number.getString("name", "");
      String who = name.isEmpty() ? number.getString("peerId", peer) : name;
      out.println("safety number with " + who + ":");
      StringBuilder row = new StringBuilder();
      var groups = number.getJsonArray("groups");
      for (int i = 0; i < groups.size(); i++) {
        row.append(groups.getString(i)).append(i % 4 == 3 ? "\n" : " ");
      }
      out.print(row.toString().stripTrailing() + "\n");
      out.println(number.getBoolean("verified") ? "verified"
          : "not verified: compare it with " + who + " in person, then run this again with --confirm");
    }
  }

  @Command(name = "disappearing",
      description = "Make a chat's messages disappear from both nodes AGE after they are sent (30s, 10m, 2h, 7d; at most 28d),"
          + " or 'off'. The other node learns the timer with your next message.")
  static final class Disappearing extends ClientCommand {
    @Parameters(index = "0", paramLabel = "PEER", description = "Contact name, peer id or link.")
    String peer;

    @Parameters(index = "1", paramLabel = "AGE", description = "30s, 10m, 2h, 7d, or off.")
    String age;

    @Override
    JsonObject run(ApiClient client) {
      return client.post("/api/contacts/" + segment(peer) + "/disappearing",
          new JsonObject().put("seconds", Spans.timer(age).toSeconds()));
    }

    @Override
    void print(JsonObject contact, PrintWriter out) {
      long seconds = contact.getLong("disappearingSeconds", 0L);
      if (!contact.getBoolean("changed", true)) {
        out.println(seconds == 0 ? "messages with " + peer + " already do not disappear"
            : "messages with " + peer + " already disappear " + Spans.format(seconds) + " after they are sent");
        return;
      }
      out.println((seconds == 0 ? "messages with " + peer + " no longer disappear"
          : "messages with " + peer + " now disappear " + Spans.format(seconds) + " after they are sent")
          + " (their node learns it with your next message)");
    }
  }
}
