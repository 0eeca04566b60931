package dev.samizdat.node.channels.api;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.feed.ForkProof;
import dev.samizdat.channels.policy.Decision;
import dev.samizdat.channels.report.Report;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.channels.ChannelText;
import dev.samizdat.node.channels.Moderation;
import dev.samizdat.node.channels.Views;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of docs/API.md, "Channels" and "Blocklists and moderation". */
public final class ChannelJson {
  private ChannelJson() {}

  static String word(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** A decision, with the exemption that set aside what the lists say, if one did, and what they say. */
  public static JsonObject explanation(Moderation.Explanation e,
      Map<FeedId, Moderation.ListLabel> lists) {
    JsonObject out = decision(e.decision(), lists);
    e.exemption().ifPresent(exemption -> out.put("exemption", word(exemption))
        .put("setAside", decision(e.setAside(), lists)));
    if (e.throughPosts()) {
      out.put("throughPosts", true);
    }
    return out;
  }

  public static JsonObject decision(Decision d, Map<FeedId, Moderation.ListLabel> lists) {
    JsonArray reasons = new JsonArray();
    for (Decision.Provenance p : d.reasons()) {
      Moderation.ListLabel label = lists.getOrDefault(p.list(), new Moderation.ListLabel("", List.of()));
      reasons.add(new JsonObject().put("list", ChannelText.id(p.list()))
          .put("listName", label.name()).put("entry", p.entrySequence())
          .put("moderators", new JsonArray(label.moderators().stream().map(k -> PeerId.fromPublicKey(k).toBase58())
              .toList()))
          .put("category", word(p.category()))
          .put("reason", p.reason()).put("recommended", word(p.recommended())).put("applied", word(p.applied())));
    }
    return new JsonObject().put("action", d.action().map(ChannelJson::word).orElse(null))
        .put("source", word(d.source())).put("reasons", reasons);
  }

  /** An entry of a list, as {@code GET /api/blocklists/{id}/rules} shows it. */
  public static JsonObject listEntry(Moderation.ListEntry e) {
    JsonObject out = new JsonObject().put("sequence", e.sequence()).put("kind", e.retraction() ? "retraction" : "block")
        .put("target", ChannelText.target(e.target())).put("reason", e.rule().reason())
        .put("createdAt", e.createdAtMillis());
    if (!e.retraction()) {
      out.put("category", word(e.rule().category())).put("action", word(e.rule().recommended()))
          .put("inForce", e.inForce());
      if (e.rule().expiresAtMillis() > 0) {
        out.put("expiresAt", e.rule().expiresAtMillis());
      }
    }
    return out;
  }

  public static JsonObject feed(Views.FeedInfo f, Map<FeedId, Moderation.ListLabel> lists) {
    JsonObject out = new JsonObject().put("id", ChannelText.id(f.id())).put("link", ChannelText.link(f.id()))
        .put("name", f.name()).put("description", f.description())
        .put("kind", f.kind().map(ChannelJson::word).orElse(null))
        .put("role", f.own() ? "author" : "subscriber").put("headSequence", f.headSequence())
        .put("servingPeers", new JsonArray(f.servingPeers().stream().map(PeerId::toBase58).toList()))
        .put("forks", f.forks()).put("decision", decision(f.decision(), lists))
        .put("sync", new JsonObject().put("have", f.have()).put("of", f.of()))
        .put("moderators", new JsonArray(f.moderators().stream().map(k -> PeerId.fromPublicKey(k).toBase58()).toList()));
    f.follow().ifPresent(s -> out.put("action", word(s.maxAction()))
        .put("categories", new JsonArray(s.categories().stream().map(ChannelJson::word).toList()))
        .put("threshold", s.dropThreshold()));
    return out;
  }

  /**
   * A post of {@code channel}, with what the user's policy does with each of its files: {@code dropped}
   * when this node neither fetches nor keeps it, and the file's own decision (warn, hide).
   */
  public static JsonObject post(FeedId channel, Views.PostView p, Map<FeedId, Moderation.ListLabel> lists,
      Moderation moderation) {
    JsonArray attachments = new JsonArray();
    p.content().attachments().forEach(a -> {
      Moderation.FileVerdict verdict = moderation.decideAttachment(channel, a.id());
      JsonObject file = new JsonObject().put("blob", Bytes.hex(a.id().toBytes()))
          .put("size", a.size()).put("mediaType", a.mediaType()).put("name", a.name())
          .put("decision", decision(verdict.decision(), lists));
      attachments.add(verdict.kept() ? file : file.put("dropped", true));
    });
    JsonObject out = new JsonObject().put("sequence", p.sequence()).put("hash", Bytes.hex(p.hash()))
        .put("author", PeerId.fromPublicKey(p.author()).toBase58()).put("text", p.content().text())
        .put("attachments", attachments).put("createdAt", p.createdAtMillis())
        .put("decision", decision(p.decision(), lists));
    if (p.editedAtMillis() > 0) {
      out.put("editedAt", p.editedAtMillis());
    }
    return out;
  }

  public static JsonObject fork(ForkProof proof) {
    return new JsonObject().put("sequence", proof.sequence()).put("hashes",
        new JsonArray().add(Bytes.hex(proof.kept().hash())).add(Bytes.hex(proof.conflicting().hash())));
  }

  public static JsonObject reportItem(Views.ReportItem r) {
    JsonArray notes = new JsonArray();
    JsonArray reporters = new JsonArray();
    for (Report report : r.item().reports()) {
      reporters.add(PeerId.fromPublicKey(report.reporter()).toBase58());
      if (!report.note().isEmpty()) {
        notes.add(report.note());
      }
    }
    JsonObject categories = new JsonObject();
    r.item().categoryCounts().forEach((c, n) -> categories.put(word(c), n));
    return new JsonObject().put("id", r.id()).put("list", ChannelText.id(r.list()))
        .put("target", ChannelText.target(r.item().target())).put("appeal", r.item().key().appeal())
        .put("count", r.item().reporterCount()).put("reporters", reporters).put("categories", categories)
        .put("notes", notes).put("status", word(r.item().status()));
  }
}
