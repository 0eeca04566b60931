package dev.samizdat.node.channels;

import dev.samizdat.channels.feed.FeedHeadRecords;
import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.dht.record.RecordNamespaces;
import dev.samizdat.node.NodeContext;
import dev.samizdat.node.NodeService;
import dev.samizdat.node.api.EventHub;
import dev.samizdat.node.channels.api.ChannelJson;
import dev.samizdat.node.channels.api.ChannelRoutes;
import dev.samizdat.node.store.Database;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Channels, blocklists and reports plugged into the {@link dev.samizdat.node.Node}: the feed directory
 * over the node's DHT, the review desk and peer filter on its messaging, the API routes, and the
 * channel events on its event hub.
 */
public final class ChannelsNodeService implements NodeService {
  private final ChannelSettings settings;
  private volatile ChannelService service;

  public ChannelsNodeService() {
    this(ChannelSettings.DEFAULTS);
  }

  public ChannelsNodeService(ChannelSettings settings) {
    this.settings = settings;
  }

  /** The DHT namespace of feed heads, validated against the manifests this node holds. */
  public static Map.Entry<String, RecordNamespaces.Rules> headNamespace(Database db, Clock clock) {
    RocksFeedStore feeds = new RocksFeedStore(db);
    FeedHeadRecords records = new FeedHeadRecords(feeds::readableManifest, clock);
    return Map.entry(KadFeedDirectory.NAMESPACE, KadFeedDirectory.namespaceRules(records));
  }

  public ChannelService service() {
    return service;
  }

  @Override
  public CompletableFuture<Void> start(NodeContext context) {
    RocksFeedStore feeds = new RocksFeedStore(context.database());
    FeedHeadRecords records = new FeedHeadRecords(feeds::readableManifest, context.clock());
    FeedDirectory directory = new KadFeedDirectory(context.dht().kad(), records);
    service = new ChannelService(context.database(), context.identity(), context.host(), directory, context.clock(),
        context.random(), settings, new Events(context.events(), this));
    service.moderation().desk().attach(context.messaging());
    context.messaging().setPeerFilter(service.moderation()::acceptsFrom);
    service.moderation().setContacts(context.messaging()::contacts);
    return service.start();
  }

  @Override
  public void routes(Router router, NodeContext context) {
    new ChannelRoutes(service).register(router);
  }

  @Override
  public void close() {
    if (service != null) {
      service.close();
    }
  }

  /** Channel events on the API's WebSocket (docs/API.md, "Events"). */
  private record Events(EventHub hub, ChannelsNodeService owner) implements ChannelsListener {
    @Override
    public void channelPost(FeedId channel, Views.PostView post) {
      hub.publish("channel-post", new JsonObject().put("channel", ChannelText.id(channel))
          .put("post", ChannelJson.post(channel, post, owner.service.moderation().listLabels(),
              owner.service.moderation())));
    }

    @Override
    public void channelSync(FeedId channel, long have, long of) {
      hub.publish("channel-sync", new JsonObject().put("channel", ChannelText.id(channel)).put("have", have)
          .put("of", of));
    }

    @Override
    public void forkDetected(FeedId channel, long sequence) {
      hub.publish("fork-detected", new JsonObject().put("channel", ChannelText.id(channel)).put("sequence", sequence));
    }

    @Override
    public void reportReceived(FeedId list, Views.ReportItem item) {
      hub.publish("report", new JsonObject().put("list", ChannelText.id(list)).put("item", ChannelJson.reportItem(item)));
    }
  }
}
