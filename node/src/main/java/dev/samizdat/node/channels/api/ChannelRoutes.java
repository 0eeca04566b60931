package dev.samizdat.node.channels.api;

import static dev.samizdat.node.api.routes.Replies.optionalString;
import static dev.samizdat.node.api.routes.Replies.requiredString;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.policy.Action;
import dev.samizdat.channels.policy.Category;
import dev.samizdat.channels.policy.Subscription;
import dev.samizdat.channels.post.BlobId;
import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.CryptoException;
import dev.samizdat.node.api.ApiException;
import dev.samizdat.node.api.routes.Replies;
import dev.samizdat.node.channels.ChannelException;
import dev.samizdat.node.channels.ChannelService;
import dev.samizdat.node.channels.ChannelText;
import dev.samizdat.node.channels.ChannelText.TargetRef;
import dev.samizdat.node.channels.Moderation;
import dev.samizdat.node.channels.ReviewDesk;
import dev.samizdat.node.channels.proto.ChannelsStoreProtos.FeedKind;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code /api/channels…}, {@code /api/blocklists…}, {@code /api/why}, the user's own rules ({@code
 * /api/blocks}, {@code /api/allows}, {@code /api/user-rules}) and {@code /api/reports…}
 * (docs/API.md, "Channels" and "Blocklists and moderation"). Handlers never block: the service answers
 * with futures, and the reply is written back on the request's context.
 */
public final class ChannelRoutes {
  /** Posts one read returns when the client does not say. */
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  /** The category an appeal is filed under when the appellant names none. */
  static final Category APPEAL_CATEGORY = Category.OTHER;

  private final ChannelService service;
  private final Moderation moderation;

  public ChannelRoutes(ChannelService service) {
    this.service = service;
    this.moderation = service.moderation();
  }

  public void register(Router router) {
    router.get("/api/channels").handler(reply(200, c -> service.channels().thenApply(list -> new JsonObject()
        .put("channels", new JsonArray(list.stream().map(f -> ChannelJson.feed(f, moderation.listLabels())).toList())))));
    router.post("/api/channels").handler(reply(201, c -> {
      JsonObject body = body(c);
      return service.createChannel(requiredString(body, "name"), optionalString(body, "description").orElse(""))
          .thenApply(f -> ChannelJson.feed(f, moderation.listLabels()));
    }));
    router.post("/api/channels/subscribe").handler(reply(200, c -> service.subscribe(
        ChannelText.feed(requiredString(body(c), "link")))
        .thenApply(f -> ChannelJson.feed(f, moderation.listLabels()))));
    router.delete("/api/channels/:id").handler(reply(200, c -> channel(c).thenCompose(service::unsubscribe)
        .thenApply(v -> new JsonObject())));
    router.post("/api/channels/:id/destroy").handler(reply(200, c -> channel(c)
        .thenCompose(channel -> service.destroyChannel(channel).thenApply(entries -> destroyed(channel, entries)))));
    router.get("/api/channels/:id/destroyable").handler(reply(200, c -> channel(c).thenCompose(channel -> service
        .destroyableChannel(channel).thenApply(entries -> destroyed(channel, entries)))));
    router.post("/api/channels/:id/posts").handler(reply(201, c -> {
      JsonObject body = body(c);
      JsonArray files = body.getJsonArray("attachments");
      String text = files == null || files.isEmpty() ? requiredString(body, "text")
          : optionalString(body, "text").orElse("");
      List<ChannelService.Attachment> attached = files == null ? List.of() : attachments(files);
      return channel(c).thenCompose(channel -> service.post(channel, text, attached)
          .thenApply(p -> ChannelJson.post(channel, p, moderation.listLabels(), moderation)));
    }));
    router.put("/api/channels/:id/posts/:sequence").handler(reply(200, c -> {
      long sequence = sequence(c);
      String text = requiredString(body(c), "text");
      return channel(c).thenCompose(channel -> service.edit(channel, sequence, text)
          .thenApply(p -> ChannelJson.post(channel, p, moderation.listLabels(), moderation)));
    }));
    router.delete("/api/channels/:id/posts/:sequence").handler(reply(200, c -> {
      long sequence = sequence(c);
      return channel(c).thenCompose(channel -> service.deletePost(channel, sequence, c.request().getParam("reason")))
          .thenApply(v -> new JsonObject());
    }));
    router.get("/api/channels/:id/attachments/:blob").handler(this::download);
    router.get("/api/channels/:id/posts").handler(reply(200, c -> {
      long since = longParam(c, "since", -1);
      if (since < 0 && c.request().getParam("since") != null) {
        throw ApiException.badRequest("'since' is a post's number, 0 or more (leave it out for the newest posts)");
      }
      long before = longParam(c, "before", -1);
      if (before < 1 && c.request().getParam("before") != null) {
        throw ApiException.badRequest("'before' is a post's number, 1 or more (leave it out for the newest posts)");
      }
      if (before >= 1 && since >= 0) {
        throw ApiException.badRequest("'since' pages forward and 'before' backward: give one of them");
      }
      long asked = longParam(c, "limit", DEFAULT_LIMIT);
      if (asked < 1) {
        throw ApiException.badRequest("'limit' is at least 1");
      }
      int limit = (int) Math.min(MAX_LIMIT, asked);
      return channel(c).thenCompose(channel -> service.read(channel, since, before, limit)).thenApply(page -> {
        var labels = moderation.listLabels();
        return new JsonObject()
            .put("channel", ChannelJson.feed(page.channel(), labels))
            .put("posts", new JsonArray(page.posts().stream()
                .map(p -> ChannelJson.post(page.channel().id(), p, labels, moderation)).toList()))
            .put("earlier", page.earlier())
            .put("later", page.later())
            .put("hidden", page.hidden())
            .put("hiddenPosts", new JsonArray(page.hiddenPosts()))
            .put("forks", new JsonArray(page.forks().stream().map(ChannelJson::fork).toList()))
            .put("decision", ChannelJson.decision(page.decision(), labels));
      });
    }));

    router.get("/api/blocklists").handler(reply(200, c -> moderation.lists().thenApply(lists -> {
      var labels = moderation.listLabels();
      JsonArray own = new JsonArray();
      JsonArray followed = new JsonArray();
      lists.forEach(f -> {
        if (f.own()) {
          own.add(ChannelJson.feed(f, labels));
        }
        if (f.follow().isPresent()) {
          followed.add(ChannelJson.feed(f, labels));
        }
      });
      return new JsonObject().put("own", own).put("followed", followed);
    })));
    router.post("/api/blocklists").handler(reply(201, c -> {
      JsonObject body = body(c);
      return moderation.createList(requiredString(body, "name"), optionalString(body, "description").orElse(""))
          .thenApply(f -> ChannelJson.feed(f, moderation.listLabels()));
    }));
    router.post("/api/blocklists/follow").handler(reply(200, c -> {
      JsonObject body = body(c);
      // Following again changes what the request names and keeps the rest; a first follow takes defaults.
      Optional<Action> askedAction = optionalString(body, "action").map(Action::parse);
      Optional<Set<Category>> askedCategories = body.containsKey("categories") ? Optional.of(categories(body))
          : Optional.empty();
      Optional<Integer> askedThreshold = body.containsKey("threshold") ? Optional.of(threshold(body)) : Optional.empty();
      return list(requiredString(body, "link")).thenCompose(list -> {
        Optional<Subscription> current = moderation.subscription(list);
        Action action = askedAction.or(() -> current.map(Subscription::maxAction)).orElse(Action.HIDE);
        Set<Category> categories = askedCategories.or(() -> current.map(Subscription::categories))
            .orElse(EnumSet.noneOf(Category.class));
        int threshold = askedThreshold.or(() -> current.map(Subscription::dropThreshold)).orElse(1);
        return moderation.follow(list, action, categories, threshold);
      }).thenApply(f -> ChannelJson.feed(f, moderation.listLabels()));
    }));
    router.delete("/api/blocklists/follow/:id").handler(reply(200, c -> list(c.pathParam("id"))
        .thenCompose(moderation::unfollow).thenApply(v -> new JsonObject())));
    router.post("/api/blocklists/:id/destroy").handler(reply(200, c -> list(c.pathParam("id"))
        .thenCompose(list -> moderation.destroyList(list).thenApply(entries -> destroyed(list, entries)))));
    router.get("/api/blocklists/:id/destroyable").handler(reply(200, c -> list(c.pathParam("id"))
        .thenCompose(list -> moderation.destroyableList(list).thenApply(entries -> destroyed(list, entries)))));
    router.post("/api/blocklists/preview").handler(reply(200, c -> {
      JsonObject body = body(c);
      Action action = action(body, Action.HIDE); // as a first follow
      Set<Category> categories = categories(body);
      return list(requiredString(body, "link")).thenCompose(list -> moderation.preview(list, action, categories)
          .thenApply(preview -> {
            var labels = new java.util.HashMap<>(moderation.listLabels());
            labels.put(list, preview.list());
            return new JsonObject().put("affected", new JsonArray(preview.affected().stream().map(a -> new JsonObject()
                .put("target", a.target()).put("name", a.name())
                .put("decision", ChannelJson.decision(a.decision(), labels))).toList()));
          }));
    }));
    router.post("/api/blocklists/:id/rules").handler(reply(200, c -> {
      JsonObject body = body(c);
      long expires = body.getValue("expiresAt") == null ? 0 : Replies.nonNegativeWhole(body.getValue("expiresAt"),
          "'expiresAt' is a time in milliseconds since 1970 (0 or absent: never)");
      TargetRef target = ChannelText.target(requiredString(body, "target"));
      Category category = Category.parse(requiredString(body, "category"));
      Action action = action(body, Action.HIDE);
      String reason = requiredString(body, "reason");
      return list(c.pathParam("id")).thenCompose(list -> moderation.addRule(list, target, category,
          reason, action, expires, body.getBoolean("digestOnly", false)))
          .thenApply(seq -> new JsonObject().put("sequence", seq));
    }));
    router.get("/api/blocklists/:id/rules").handler(reply(200, c -> list(c.pathParam("id"))
        .thenCompose(moderation::entries).thenApply(entries -> new JsonObject().put("rules",
            new JsonArray(entries.stream().map(ChannelJson::listEntry).toList())))));
    router.post("/api/blocklists/:id/retractions").handler(reply(200, c -> {
      JsonObject body = body(c);
      TargetRef target = ChannelText.target(requiredString(body, "target"));
      String reason = optionalString(body, "reason").orElse("");
      return list(c.pathParam("id")).thenCompose(list -> moderation.retract(list, target, reason))
          .thenApply(seq -> new JsonObject().put("sequence", seq));
    }));
    router.get("/api/why").handler(reply(200, c -> {
      String target = c.request().getParam("target");
      if (target == null || target.isBlank()) {
        throw ApiException.badRequest("'target' is required (channel:<id>, post:<id>/<n>, peer:<id>, blob:<hex>)");
      }
      return moderation.why(ChannelText.target(target))
          .thenApply(e -> ChannelJson.explanation(e, moderation.listLabels()));
    }));
    // The user's own rules: decided before every list, and only on this node (never published).
    router.post("/api/blocks").handler(reply(200, c -> {
      JsonObject body = body(c);
      return moderation.setUserRule(ownTarget(requiredString(body, "target")), Optional.of(action(body, Action.HIDE)))
          .thenApply(d -> ChannelJson.decision(d, moderation.listLabels()));
    }));
    router.post("/api/allows").handler(reply(200, c -> moderation.setUserRule(
        ownTarget(requiredString(body(c), "target")), Optional.empty())
        .thenApply(d -> ChannelJson.decision(d, moderation.listLabels()))));
    router.delete("/api/user-rules").handler(reply(200, c -> {
      String target = c.request().getParam("target");
      if (target == null || target.isBlank()) {
        throw ApiException.badRequest("'target' is required (channel:<id>, post:<id>/<n>, peer:<id>, blob:<hex>)");
      }
      return moderation.clearUserRule(ownTarget(target))
          .thenApply(d -> ChannelJson.decision(d, moderation.listLabels()));
    }));
    router.post("/api/reports").handler(reply(200, c -> {
      JsonObject body = body(c);
      TargetRef target = ChannelText.target(requiredString(body, "target"));
      boolean appeal = body.getBoolean("appeal", false);
      // An appeal disputes the list's block whatever its category: the appellant need not name one.
      Category category = appeal ? optionalString(body, "category").map(Category::parse).orElse(APPEAL_CATEGORY)
          : Category.parse(requiredString(body, "category"));
      return list(requiredString(body, "list")).thenCompose(list -> moderation.report(target, list, category,
          optionalString(body, "note").orElse(""), appeal))
          .thenApply(ids -> new JsonObject().put("id", String.join(",", ids)));
    }));
    router.get("/api/reports").handler(reply(200, c -> {
      String list = c.request().getParam("list");
      CompletableFuture<Optional<FeedId>> only = list == null || list.isBlank()
          ? CompletableFuture.completedFuture(Optional.empty()) : list(list).thenApply(Optional::of);
      return only.thenCompose(moderation.desk()::items).thenApply(items -> new JsonObject().put("items",
          new JsonArray(items.stream().map(ChannelJson::reportItem).toList())));
    }));
    router.post("/api/reports/:id/resolve").handler(reply(200, c -> {
      JsonObject body = body(c);
      String decision = requiredString(body, "decision");
      ReviewDesk.Resolution resolution = switch (decision) {
        case "block" -> ReviewDesk.Resolution.BLOCK;
        case "dismiss" -> ReviewDesk.Resolution.DISMISS;
        case "grant" -> ReviewDesk.Resolution.GRANT;
        default -> throw ApiException.badRequest("'decision' is block, dismiss or grant (an appeal)");
      };
      Optional<Action> action = optionalString(body, "action").map(Action::parse);
      Optional<Category> category = optionalString(body, "category").map(Category::parse);
      return moderation.desk().resolve(c.pathParam("id"), resolution, action, category,
          optionalString(body, "reason")).thenApply(seq -> {
            JsonObject out = new JsonObject();
            seq.ifPresent(s -> out.put("sequence", s));
            return out;
          });
    }));
  }

  /** What a destroy answers: the feed and how many of its entries were deleted (or would be). */
  private static JsonObject destroyed(FeedId feed, long entries) {
    return new JsonObject().put("id", ChannelText.id(feed)).put("entries", entries);
  }

  /** The channel the path names: by id, link or, among those held here, name. */
  private CompletableFuture<FeedId> channel(RoutingContext c) {
    return service.named(FeedKind.CHANNEL, c.pathParam("id"));
  }

  private CompletableFuture<FeedId> list(String text) {
    return service.named(FeedKind.BLOCKLIST, text);
  }

  /** A target the user's own rule names in full: a digest alone cannot be shown in the user's rule list. */
  private static dev.samizdat.channels.policy.Target ownTarget(String text) {
    return ChannelText.target(text).target().orElseThrow(() -> ApiException.badRequest(
        "a rule of your own names the target itself (channel:<id>, post:<id>/<n>, peer:<id>, blob:<hex>), not a digest"));
  }

  /** {@code [{data: base64, mediaType, name?}]}: files attached to a post. */
  private static java.util.List<ChannelService.Attachment> attachments(JsonArray files) {
    java.util.List<ChannelService.Attachment> out = new java.util.ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (!(files.getValue(i) instanceof JsonObject file)) {
        throw ApiException.badRequest("'attachments' holds objects {data, mediaType, name?}");
      }
      byte[] data;
      try {
        data = java.util.Base64.getDecoder().decode(requiredString(file, "data"));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("an attachment's 'data' is not base64");
      }
      out.add(new ChannelService.Attachment(data, requiredString(file, "mediaType"),
          optionalString(file, "name").orElse("")));
    }
    return out;
  }

  private static Action action(JsonObject body, Action fallback) {
    return optionalString(body, "action").map(Action::parse).orElse(fallback);
  }

  private static Set<Category> categories(JsonObject body) {
    JsonArray list = body.getJsonArray("categories");
    Set<Category> out = EnumSet.noneOf(Category.class);
    if (list != null) {
      list.forEach(c -> out.add(Category.parse(String.valueOf(c))));
    }
    return out;
  }

  /**
   * An attachment's bytes, fetched from the channel's peers if this node does not hold them. Served
   * as a download that no browser renders in the API's origin: the content is whatever the author chose.
   */
  private void download(RoutingContext c) {
    BlobId blob;
    try {
      blob = BlobId.fromBytes(Bytes.fromHex(c.pathParam("blob")));
    } catch (RuntimeException e) {
      throw ApiException.badRequest("an attachment is named by its SHA-256 in hex, not '" + c.pathParam("blob") + "'");
    }
    Context context = c.vertx().getOrCreateContext();
    channel(c).thenCompose(channel -> service.attachmentRef(channel, blob).thenCompose(ref ->
        service.attachment(channel, ref).thenApply(bytes -> Map.entry(ref, bytes)))).whenComplete((file, failure) -> context.runOnContext(v -> {
          if (failure != null) {
            c.fail(mapFailure(failure));
            return;
          }
          String name = file.getKey().name().isEmpty() ? "attachment" : file.getKey().name();
          c.response().putHeader("Content-Type", file.getKey().mediaType().isEmpty() ? "application/octet-stream"
                  : file.getKey().mediaType())
              .putHeader("Content-Disposition", "attachment; filename*=UTF-8''"
                  + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"))
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Content-Security-Policy", "sandbox")
              .end(Buffer.buffer(file.getValue()));
        }));
  }

  private static int threshold(JsonObject body) {
    Object value = body.getValue("threshold");
    long threshold = value == null ? 1 : Replies.nonNegativeWhole(value, Moderation.THRESHOLD_RULE);
    if (threshold < 1 || threshold > Integer.MAX_VALUE) {
      throw ApiException.badRequest(Moderation.THRESHOLD_RULE);
    }
    return (int) threshold;
  }

  private static long sequence(RoutingContext c) {
    try {
      long sequence = Long.parseLong(c.pathParam("sequence"));
      if (sequence >= 1) {
        return sequence;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("a post is named by its number (#1, #2, …), not '" + c.pathParam("sequence") + "'");
  }

  private static long longParam(RoutingContext c, String name, long fallback) {
    String value = c.request().getParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be a whole number");
    }
  }

  private static JsonObject body(RoutingContext context) {
    return Replies.body(context);
  }

  /**
   * Answers with the future's result, on the request's context; failures go to the API's error mapping
   * through {@link #mapFailure}.
   */
  private static io.vertx.core.Handler<RoutingContext> reply(int status,
      Function<RoutingContext, CompletableFuture<JsonObject>> action) {
    return Replies.async(status, ChannelRoutes::mapFailure, action);
  }

  /**
   * A channel refusal with its status; otherwise as the other routes answer failures (the network's 503,
   * messaging's refusals 400), and data that does not decode or verify 503 with what failed: none of
   * them is a bug, to be answered 500 and logged with a stack trace.
   */
  private static Throwable mapFailure(Throwable failure) {
    Throwable mapped = Replies.mapNetworkFailure(failure);
    if (mapped instanceof ChannelException refused) {
      return new ApiException(status(refused.refusal()), refused.getMessage());
    }
    if (mapped instanceof CryptoException unusable) {
      return new ApiException(503, "data this node holds or was sent for this does not decode or verify: "
          + unusable.getMessage());
    }
    return mapped;
  }

  private static int status(ChannelException.Refusal refusal) {
    return switch (refusal) {
      case INVALID -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case TOO_LARGE -> 413;
      case UNAVAILABLE -> 503;
    };
  }
}
