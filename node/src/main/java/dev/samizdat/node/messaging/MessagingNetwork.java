package dev.samizdat.node.messaging;

import dev.samizdat.node.messaging.net.DirectDelivery;
import dev.samizdat.node.messaging.net.MailboxClient;
import dev.samizdat.node.messaging.net.MessagingDht;
import dev.samizdat.node.messaging.net.RequestChannel;
import dev.samizdat.node.messaging.net.StreamDirectDelivery;
import dev.samizdat.node.messaging.net.StreamMailboxClient;

/** The network as messaging sees it: direct delivery, mailbox nodes and the DHT. */
public record MessagingNetwork(DirectDelivery direct, MailboxClient mailboxes, MessagingDht dht) {
  /** Both protocols over one request channel (the libp2p adapter, or an in-memory one). */
  public static MessagingNetwork over(RequestChannel channel, MessagingDht dht) {
    return new MessagingNetwork(new StreamDirectDelivery(channel), new StreamMailboxClient(channel), dht);
  }
}
