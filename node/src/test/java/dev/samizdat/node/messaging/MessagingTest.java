package dev.samizdat.node.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.SafetyNumber;
import dev.samizdat.libp2p.PeerId;
import dev.samizdat.node.messaging.store.RocksOutboxStore;
import dev.samizdat.node.store.Database;
import dev.samizdat.node.store.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessagingTest {
  @TempDir
  Path directory;
  TestNetwork net;

  @BeforeEach
  void network() {
    net = new TestNetwork(directory);
  }

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void messagesGoBothWaysWithDeliveryAndReadReceipts() {
    net.mailboxNodes(3);
    var alice = net.node("alice");
    var bob = net.node("bob");

    MessageId hi = alice.send(bob, "hi bob");
    assertThat(alice.stateOf(hi)).isEqualTo(MessageState.QUEUED);
    net.run();
    assertThat(alice.stateOf(hi)).isEqualTo(MessageState.DELIVERED);
    assertThat(bob.received).extracting(MessageView::body).containsExactly("hi bob");
    assertThat(bob.received.get(0).peer()).isEqualTo(alice.peer);
    assertThat(bob.received.get(0).id()).isEqualTo(hi);

    MessageId hello = bob.send(alice, "hello alice");
    net.run();
    assertThat(bob.stateOf(hello)).isEqualTo(MessageState.DELIVERED);
    assertThat(alice.received).extracting(MessageView::body).containsExactly("hello alice");

    assertThat(bob.messaging.markRead(alice.peer)).isEqualTo(1);
    net.run();
    assertThat(alice.stateOf(hi)).isEqualTo(MessageState.READ);
    assertThat(alice.events).containsSubsequence(hi + " QUEUED", hi + " DELIVERED", hi + " READ");
    assertThat(bob.messaging.inbox(InboxFilter.all()).get(0).read()).isTrue();
    assertThat(alice.historyBodies(bob)).containsExactly("hi bob", "hello alice");
    assertThat(bob.historyBodies(alice)).containsExactly("hi bob", "hello alice");
  }

  @Test
  void readReceiptsAreNotSentWhenTheUserTurnedThemOff() {
    var alice = net.node("alice");
    var bob = net.node("bob", MessagingSettings.DEFAULTS.withReadReceipts(false));
    MessageId hi = alice.send(bob, "hi");
    net.run();
    bob.messaging.markRead(alice.peer);
    net.run();
    assertThat(alice.stateOf(hi)).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void restartOfEitherSideMidConversationKeepsSessionAndHistory() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    alice.send(bob, "one");
    net.run();
    bob.send(alice, "two");
    net.run();

    bob.restart();
    alice.send(bob, "three");
    net.run();
    bob.send(alice, "four");
    net.run();

    alice.restart();
    alice.send(bob, "five");
    bob.send(alice, "six");
    net.run();

    // "five" and "six" crossed: each side shows them as they happened there, its own first.
    assertThat(alice.historyBodies(bob)).containsExactly("one", "two", "three", "four", "five", "six");
    assertThat(bob.historyBodies(alice)).containsExactly("one", "two", "three", "four", "six", "five");
    assertThat(alice.messaging.history(bob.peer)).allSatisfy(m ->
        assertThat(m.state()).isIn(MessageState.DELIVERED, MessageState.RECEIVED));
    assertThat(alice.received).extracting(MessageView::body).containsExactly("two", "four", "six"); // once each
  }

  @Test
  void aMessageSentBeforeItsSenderSawOursIsShownWhereItArrivedNotAboveOurs() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    alice.send(bob, "one");
    net.run();
    bob.stop();
    alice.send(bob, "while you were away");
    alice.send(bob, "and again");
    alice.stop();
    bob.start();
    bob.send(alice, "back"); // not having seen Alice's two: by Lamport alone it would sit above the second
    alice.start();
    net.run();

    assertThat(alice.historyBodies(bob)).containsExactly("one", "while you were away", "and again", "back");
    assertThat(bob.historyBodies(alice)).containsExactly("one", "back", "while you were away", "and again");
  }

  @Test
  void eightPeopleWritingToSomeoneForTheFirstTimeAtOnceAllGetThrough() {
    // Each picks a one-time prekey at random from the same published bundle (16 ML-KEM ones): two of
    // eight nearly always pick the same, and the recipient can start only the first of those sessions.
    var bob = net.node("bob");
    List<TestNetwork.Node> senders = new ArrayList<>();
    List<MessageId> sent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      senders.add(net.node("sender-" + i));
    }
    for (int i = 0; i < senders.size(); i++) {
      sent.add(senders.get(i).send(bob, "hello from " + i));
    }
    net.run();

    for (int i = 0; i < senders.size(); i++) {
      assertThat(senders.get(i).stateOf(sent.get(i))).as("sender " + i).isEqualTo(MessageState.DELIVERED);
      assertThat(bob.historyBodies(senders.get(i))).containsExactly("hello from " + i);
    }
  }

  @Test
  void offlineRecipientGetsFiftyMessagesThroughMailboxesInOrderOnceEach() {
    var mailboxes = net.mailboxNodes(4);
    var alice = net.node("alice");
    var bob = net.node("bob");
    bob.stop();

    List<MessageId> ids = IntStream.range(0, 50).mapToObj(i -> alice.send(bob, "message " + i)).toList();
    net.run();
    assertThat(ids).allSatisfy(id -> assertThat(alice.stateOf(id)).isEqualTo(MessageState.SENT_TO_MAILBOX));

    bob.start();
    net.run();
    List<String> expected = IntStream.range(0, 50).mapToObj(i -> "message " + i).toList();
    assertThat(bob.historyBodies(alice)).containsExactlyElementsOf(expected);
    assertThat(bob.received).extracting(MessageView::body).containsExactlyElementsOf(expected);
    assertThat(ids).allSatisfy(id -> assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED));

    // Alice's retries reach Bob directly now: recognised as duplicates, shown nothing new.
    net.scheduler.advance(Duration.ofMinutes(10));
    bob.messaging.collectMailboxes();
    net.run();
    assertThat(bob.received).hasSize(50);
    assertThat(bob.messaging.inbox(InboxFilter.all().limit(1000))).hasSize(50);

    // The collected envelopes leave the files of the mailbox nodes that held them at the next
    // maintenance; an hour in which nothing was collected rewrites nothing.
    net.scheduler.advance(Messaging.MAINTENANCE_INTERVAL);
    assertThat(mailboxes.stream().filter(node -> node.db.latestPurge(Table.MAILBOX).join())).as("rewritten")
        .hasSizeGreaterThanOrEqualTo(bob.settings.mailboxReplicas());
    Map<String, CompletableFuture<Boolean>> purges = new HashMap<>();
    mailboxes.forEach(node -> purges.put(node.name, node.db.latestPurge(Table.MAILBOX)));
    net.scheduler.advance(Messaging.MAINTENANCE_INTERVAL);
    assertThat(mailboxes).allSatisfy(node ->
        assertThat(node.db.latestPurge(Table.MAILBOX)).isSameAs(purges.get(node.name)));
    // One more envelope, collected: the mailboxes that held it are rewritten again.
    bob.stop();
    alice.send(bob, "one more");
    net.run();
    bob.start();
    net.run();
    assertThat(bob.received).hasSize(51);
    net.scheduler.advance(Messaging.MAINTENANCE_INTERVAL);
    assertThat(mailboxes).anySatisfy(node -> assertThat(node.db.latestPurge(Table.MAILBOX))
        .isNotSameAs(purges.get(node.name)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true));
  }

  @Test
  void whatWasLeftInMailboxesJustAfterTheRecipientsStartArrivesWithinHalfAMinute() {
    net.mailboxNodes(4);
    var alice = net.node("alice");
    var bob = net.node("bob"); // collected its (empty) mailboxes as it started
    net.network.setOnline(bob.peer, false); // still coming up, say: Alice cannot reach him
    MessageId id = alice.send(bob, "while you were starting");
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.SENT_TO_MAILBOX);
    net.network.setOnline(alice.peer, false); // and Alice leaves before he is reachable
    net.network.setOnline(bob.peer, true);

    net.scheduler.advance(Messaging.EARLY_COLLECTIONS.get(0));
    assertThat(bob.historyBodies(alice)).containsExactly("while you were starting");
  }

  @Test
  void inboxListsNewestFirstAndFiltersBySenderAndTime() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    var carol = net.node("carol");
    alice.send(bob, "from alice 1");
    net.run();
    net.scheduler.advance(Duration.ofMinutes(1));
    var since = net.scheduler.clock.instant();
    carol.send(bob, "from carol");
    net.run();
    net.scheduler.advance(Duration.ofMinutes(1));
    alice.send(bob, "from alice 2");
    net.run();

    assertThat(bob.messaging.inbox(InboxFilter.all())).extracting(MessageView::body)
        .containsExactly("from alice 2", "from carol", "from alice 1");
    assertThat(bob.messaging.inbox(InboxFilter.all().from(alice.peer))).extracting(MessageView::body)
        .containsExactly("from alice 2", "from alice 1");
    assertThat(bob.messaging.inbox(InboxFilter.all().since(since))).extracting(MessageView::body)
        .containsExactly("from alice 2", "from carol");
    assertThat(bob.messaging.inbox(InboxFilter.all().limit(1))).extracting(MessageView::body)
        .containsExactly("from alice 2");
  }

  @Test
  void emptyBlankAndOversizedBodiesAreRefusedWithAClearError() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    assertThatThrownBy(() -> alice.messaging.send(bob.peer, "")).isInstanceOf(MessagingException.class)
        .hasMessageContaining("empty or blank");
    assertThatThrownBy(() -> alice.messaging.send(bob.peer, " \n\t ")).isInstanceOf(MessagingException.class)
        .hasMessageContaining("empty or blank");
    assertThatThrownBy(() -> alice.messaging.send(bob.peer, "x".repeat(MessagingLimits.MAX_BODY_BYTES + 1)))
        .isInstanceOf(MessagingException.class).hasMessageContaining("at most " + MessagingLimits.MAX_BODY_BYTES);
    assertThatThrownBy(() -> alice.messaging.send(alice.peer, "me")).hasMessageContaining("own identity");
    MessageId big = alice.messaging.send(bob.peer, "é".repeat(MessagingLimits.MAX_BODY_BYTES / 2));
    net.run();
    assertThat(alice.stateOf(big)).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void aSentMessageIsInTheOutboxBeforeSendReturnsAndSurvivesARestart() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    MessageId id = alice.send(bob, "before the crash");
    alice.restart(); // the pump never ran
    net.run();
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.DELIVERED);
    assertThat(bob.received).extracting(MessageView::body).containsExactly("before the crash");
  }

  @Test
  void onAnEstablishedSessionAMessageIsEncryptedInTheCommitThatQueuesIt() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    alice.send(bob, "first"); // no session yet: the delivery round starts it
    net.run();

    MessageId second = alice.send(bob, "second");
    // The round has not run: the entry already holds its frame, written with the ratchet step that made it.
    assertThat(new RocksOutboxStore(alice.db).forMessage(ByteString.copyFrom(second.toBytes())))
        .singleElement().satisfies(p -> assertThat(p.entry().getFrame()).isNotEmpty());
    alice.restart();
    MessageId third = alice.send(bob, "third");
    net.run();
    assertThat(List.of(second, third)).allMatch(id -> alice.stateOf(id) == MessageState.DELIVERED);
    assertThat(bob.received).extracting(MessageView::body).containsExactly("first", "second", "third");
  }

  @Test
  void aPeerThatConnectsGetsWhatWaitedForItWithoutWaitingOutTheBackoff() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    bob.stop();
    List<MessageId> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) { // more than one round's window
      ids.add(alice.send(bob, "m" + i));
    }
    net.run();
    assertThat(alice.stateOf(ids.get(0))).isEqualTo(MessageState.QUEUED);
    net.scheduler.advance(Duration.ofSeconds(1)); // well inside the first backoff
    bob.start();
    net.run();
    assertThat(bob.received).isEmpty();

    alice.messaging.peerConnected(bob.peer);
    net.run();
    assertThat(ids).allMatch(id -> alice.stateOf(id) == MessageState.DELIVERED);
    assertThat(bob.received).extracting(MessageView::body).hasSize(300).startsWith("m0", "m1", "m2");
  }

  @Test
  void messagesToAPeerWhoseBundleNoOneHasSayWhyTheyWait() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    PeerId stranger = PeerId.fromPublicKey(Ed25519PrivateKey.generate(new java.security.SecureRandom()).publicKey());
    alice.messaging.send(stranger, "hello?");
    net.run();
    assertThat(alice.messaging.deliveryProblem(stranger)).hasValueSatisfying(why ->
        assertThat(why).contains("no prekey bundle"));

    alice.send(bob, "hi");
    net.run();
    assertThat(alice.messaging.deliveryProblem(bob.peer)).isEmpty();
  }

  @Test
  void messagesQueuedForSomeoneWhoHasNeverBeenOnlineArriveInTheOrderTheyWereSent() {
    var alice = net.node("alice");
    var dave = net.unstartedNode("dave");
    for (int i = 1; i <= 4; i++) {
      alice.send(dave, "dave " + i);
      net.run();
      net.scheduler.advance(Duration.ofSeconds(7)); // each backs off on its own, the later ones less far
    }
    dave.start();
    net.scheduler.advance(Duration.ofMinutes(2));
    assertThat(dave.received).extracting(MessageView::body).containsExactly("dave 1", "dave 2", "dave 3", "dave 4");
  }

  @Test
  void undeliverableMessagesAreRetriedWithBackoffThenFail() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    bob.stop(); // and no mailbox node exists but alice herself
    MessageId id = alice.send(bob, "anyone?");
    net.run();
    assertThat(alice.messaging.deliveryProblem(bob.peer)).hasValueSatisfying(why ->
        assertThat(why).contains("unreachable").contains("no mailbox node"));
    long first = net.network.requestCount(dev.samizdat.node.messaging.net.DeliveryProtocol.PROTOCOL_ID);
    net.scheduler.advance(Duration.ofSeconds(4));
    assertThat(net.network.requestCount(dev.samizdat.node.messaging.net.DeliveryProtocol.PROTOCOL_ID)).isEqualTo(first);
    net.scheduler.advance(Duration.ofSeconds(2));
    assertThat(net.network.requestCount(dev.samizdat.node.messaging.net.DeliveryProtocol.PROTOCOL_ID)).isEqualTo(first + 1);
    net.scheduler.advance(Duration.ofSeconds(10));
    assertThat(net.network.requestCount(dev.samizdat.node.messaging.net.DeliveryProtocol.PROTOCOL_ID)).isEqualTo(first + 2);
    net.scheduler.advance(Duration.ofHours(3));
    long afterThreeHours = net.network.requestCount(dev.samizdat.node.messaging.net.DeliveryProtocol.PROTOCOL_ID);
    assertThat(afterThreeHours).isBetween(first + 10, first + 15); // doubling to the one-hour cap
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.QUEUED);
    assertThat(alice.messaging.outboxCounts().queued()).isEqualTo(1);

    net.scheduler.advance(Duration.ofDays(15));
    assertThat(alice.stateOf(id)).isEqualTo(MessageState.FAILED);
    assertThat(alice.messaging.outboxCounts()).isEqualTo(new Messaging.OutboxCounts(0, 0, 1));
    assertThat(alice.messaging.message(id).orElseThrow().failure()).hasValueSatisfying(f ->
        assertThat(f).contains("not delivered within the 14 days"));
    assertThat(alice.messaging.deliveryProblem(bob.peer)).as("nothing waits any more").isEmpty();
  }

  @Test
  void aMessageSentBeforeItsSenderHeardOfATimerChangeDoesNotUndoIt() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    alice.send(bob, "hi");
    net.run();

    alice.messaging.setDisappearingTimer(bob.peer, Duration.ofHours(1));
    bob.send(alice, "written before Bob heard of the timer");
    net.run();
    assertThat(alice.messaging.disappearingTimer(bob.peer)).isEqualTo(Duration.ofHours(1));

    MessageId secret = alice.send(bob, "meant to disappear");
    net.run();
    assertThat(alice.messaging.message(secret).orElseThrow().expiresAt()).isPresent();
    assertThat(bob.messaging.disappearingTimer(alice.peer)).isEqualTo(Duration.ofHours(1));

    // Both change it before hearing of the other's change: both settle on the stricter timer.
    alice.messaging.setDisappearingTimer(bob.peer, Duration.ofMinutes(5));
    bob.messaging.setDisappearingTimer(alice.peer, Duration.ofMinutes(1));
    alice.send(bob, "five minutes");
    bob.send(alice, "one minute");
    net.run();
    assertThat(alice.messaging.disappearingTimer(bob.peer)).isEqualTo(Duration.ofMinutes(1));
    assertThat(bob.messaging.disappearingTimer(alice.peer)).isEqualTo(Duration.ofMinutes(1));

    // Turning it off is a change like any other.
    bob.messaging.setDisappearingTimer(alice.peer, Duration.ZERO);
    bob.send(alice, "kept from now on");
    net.run();
    assertThat(alice.messaging.disappearingTimer(bob.peer)).isZero();
  }

  @Test
  void aNodeStoppedRightAfterMessagesExpiredLeavesThemInNoFile() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    net.scheduler.advance(Messaging.FIRST_PURGE_DELAY.plusMinutes(1));
    assertThat(bob.db.latestPurge(Table.MESSAGES)).succeedsWithin(Duration.ofSeconds(30));
    alice.messaging.send(bob.peer, "gone in a minute", SendOptions.disappearingAfter(Duration.ofMinutes(1)));
    net.run();
    net.scheduler.advance(Duration.ofMinutes(2));
    assertThat(bob.historyBodies(alice)).isEmpty();
    assertThat(bob.db.purgeNowIfAtMost(Table.MESSAGES, Database.Change.DELETED, 0)).as("expired, not purged yet").isTrue();

    bob.messaging.close();
    assertThat(bob.db.purgeNowIfAtMost(Table.MESSAGES, Database.Change.DELETED, 0)).as("purged as it stopped").isFalse();
  }

  @Test
  void anUnnamedContactLeavesTheListWithTheLastMessageOfTheirChatANamedOneStays() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    var carol = net.node("carol");
    var dave = net.node("dave");
    alice.messaging.addContact(carol.peer, "Carol");
    alice.send(bob, "to a peer id, unnamed");
    alice.send(carol, "to Carol");
    dave.messaging.send(alice.peer, "from a stranger, gone in an hour",
        SendOptions.disappearingAfter(Duration.ofHours(1)));
    net.run();
    assertThat(alice.messaging.contacts()).extracting(Contact::peer)
        .containsExactlyInAnyOrder(bob.peer, carol.peer, dave.peer);

    alice.messaging.deleteHistory(bob.peer);
    alice.messaging.deleteHistory(carol.peer);
    assertThat(alice.messaging.contacts()).extracting(Contact::peer).containsExactlyInAnyOrder(carol.peer, dave.peer);
    net.scheduler.advance(Duration.ofMinutes(61));
    assertThat(alice.historyBodies(dave)).isEmpty();
    assertThat(alice.messaging.contacts()).extracting(Contact::peer).containsExactly(carol.peer);

    // Should they write again, they are listed as any stranger who writes.
    bob.send(alice, "me again");
    net.run();
    assertThat(alice.messaging.contacts()).extracting(Contact::peer).containsExactlyInAnyOrder(carol.peer, bob.peer);
  }

  @Test
  void disappearingMessagesAreDeletedOnBothSides() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    alice.send(bob, "kept");
    // Off the purge interval's beat, so that the messages expire between two purges (below).
    net.scheduler.advance(Duration.ofMinutes(5));
    MessageId gone = alice.messaging.send(bob.peer, "gone in an hour", SendOptions.disappearingAfter(Duration.ofHours(1)));
    net.run();
    assertThat(bob.historyBodies(alice)).containsExactly("kept", "gone in an hour");
    assertThat(bob.messaging.inbox(InboxFilter.all()).get(0).expiresAt()).isPresent();

    // The timer now applies to the conversation on both sides: Bob's answer disappears too.
    bob.send(alice, "me too");
    net.run();
    assertThat(alice.messaging.history(bob.peer).get(2).expiresAt()).isPresent();

    net.scheduler.advance(Duration.ofMinutes(59));
    assertThat(alice.historyBodies(bob)).contains("gone in an hour");
    // The purge the last interval started runs on a real thread: done before the messages expire, it
    // cannot be the one that covers their deletion.
    assertThat(alice.db.latestPurge(Table.MESSAGES)).succeedsWithin(Duration.ofSeconds(30));
    net.scheduler.advance(Duration.ofMinutes(2));
    assertThat(alice.historyBodies(bob)).containsExactly("kept");
    assertThat(bob.historyBodies(alice)).containsExactly("kept");
    assertThat(bob.messaging.inbox(InboxFilter.all())).extracting(MessageView::body).containsExactly("kept");
    assertThat(alice.messaging.message(gone)).isEmpty();

    // Within a purge interval the deleted messages are gone from the database files too, and so are
    // the ratchet states the messages moved past and the delivered outbox entries.
    var purgeBefore = alice.db.latestPurge(Table.MESSAGES);
    net.scheduler.advance(Messaging.PURGE_INTERVAL);
    for (var node : List.of(alice, bob)) {
      for (Table table : List.of(Table.MESSAGES, Table.SESSIONS, Table.PREKEYS, Table.OUTBOX)) {
        assertThat(node.db.latestPurge(table)).as(table.columnFamily())
            .succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      }
    }
    assertThat(alice.db.latestPurge(Table.MESSAGES)).isNotSameAs(purgeBefore);
    // Nothing deleted or written since: no rewrite.
    var purgeAfter = alice.db.latestPurge(Table.MESSAGES);
    var sessionsPurgeAfter = alice.db.latestPurge(Table.SESSIONS);
    net.scheduler.advance(Messaging.PURGE_INTERVAL);
    assertThat(alice.db.latestPurge(Table.MESSAGES)).isSameAs(purgeAfter);
    assertThat(alice.db.latestPurge(Table.SESSIONS)).isSameAs(sessionsPurgeAfter);
    assertThat(alice.historyBodies(bob)).containsExactly("kept");
  }

  @Test
  void closedMessagingRefusesContactChangesInWordsAndKeepsWhatWasThere() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    alice.messaging.addContact(bob.peer, "Bob");
    alice.stop();
    List<ThrowingCallable> changes = List.of(
        () -> alice.messaging.addContact(bob.peer, "Robert"),
        () -> alice.messaging.setVerified(bob.peer, true),
        () -> alice.messaging.removeContact(bob.peer),
        () -> alice.messaging.setDisappearingTimer(bob.peer, Duration.ofHours(1)));
    for (ThrowingCallable change : changes) {
      assertThatThrownBy(change).isInstanceOf(MessagingException.class).hasMessage("messaging is closed");
    }
    alice.start();
    assertThat(alice.messaging.contacts()).singleElement().satisfies(c -> {
      assertThat(c.displayName()).isEqualTo("Bob");
      assertThat(c.verified()).isFalse();
    });
  }

  @Test
  void deletingAMessageThatHasNotLeftTheNodeCancelsItWhileOneOnItsWayIsStillDelivered() {
    net.mailboxNodes(3);
    var alice = net.node("alice");
    var bob = net.node("bob");
    PeerId mistyped = PeerId.fromPublicKey(Ed25519PrivateKey.generate(net.random).publicKey());
    MessageId unsent = alice.messaging.send(mistyped, "to an id nobody has", SendOptions.DEFAULT);
    net.run();
    assertThat(alice.messaging.deliveryProblem(mistyped)).isPresent();
    assertThat(alice.messaging.outboxCounts().queued()).isEqualTo(1);

    assertThat(alice.messaging.deleteHistory(mistyped)).isEqualTo(new Messaging.Deleted(1, 1));
    assertThat(alice.messaging.outboxCounts().queued()).as("nothing left to send").isZero();
    assertThat(alice.messaging.deliveryProblem(mistyped)).isEmpty();
    assertThat(alice.messaging.message(unsent)).isEmpty();

    alice.send(bob, "hello");
    net.run();
    bob.stop();
    MessageId onItsWay = alice.messaging.send(bob.peer, "while you are away", SendOptions.DEFAULT);
    net.run();
    assertThat(alice.stateOf(onItsWay)).isEqualTo(MessageState.SENT_TO_MAILBOX);
    assertThat(alice.messaging.deleteMessage(onItsWay)).isEqualTo(new Messaging.Deleted(1, 0));
    bob.start();
    net.run();
    assertThat(bob.historyBodies(alice)).containsExactly("hello", "while you are away");
    // Bob's receipt ends it on Alice's side too: nothing of the deleted message waits there any more.
    assertThat(alice.messaging.outboxCounts()).satisfies(counts -> {
      assertThat(counts.queued()).isZero();
      assertThat(counts.sentToMailbox()).isZero();
    });
  }

  @Test
  void aUserDeletesAMessageOrAWholeChatFromTheirNodeOnly() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    alice.send(bob, "one");
    MessageId two = alice.messaging.send(bob.peer, "two", SendOptions.DEFAULT);
    alice.send(bob, "three");
    net.run();

    assertThat(alice.messaging.deleteMessage(two)).isEqualTo(new Messaging.Deleted(1, 0));
    assertThat(alice.messaging.deleteMessage(two)).as("already gone").isEqualTo(new Messaging.Deleted(0, 0));
    assertThat(alice.historyBodies(bob)).containsExactly("one", "three");
    assertThat(alice.db.latestPurge(Table.MESSAGES)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);

    assertThat(bob.messaging.deleteHistory(alice.peer).messages()).isEqualTo(3);
    assertThat(bob.historyBodies(alice)).isEmpty();
    assertThat(bob.messaging.inbox(InboxFilter.all())).isEmpty();
    assertThat(bob.db.latestPurge(Table.MESSAGES)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
    // The other side keeps its copy, and the session goes on.
    assertThat(alice.historyBodies(bob)).containsExactly("one", "three");
    alice.send(bob, "four");
    net.run();
    assertThat(bob.historyBodies(alice)).containsExactly("four");
  }

  @Test
  void aPeerWrittenToBecomesAnUnnamedContactAndARenameKeepsIt() {
    var alice = net.node("alice");
    var dave = net.node("dave");
    alice.send(dave, "hello, whoever you are");
    assertThat(alice.messaging.contacts()).extracting(Contact::peer).containsExactly(dave.peer);
    alice.messaging.addContact(dave.peer, "Dave");
    alice.send(dave, "again");
    net.run();
    assertThat(alice.messaging.contacts()).extracting(Contact::displayName).containsExactly("Dave");
  }

  @Test
  void contactsCarryNamesVerificationAndTheSafetyNumber() {
    var alice = net.node("alice");
    var bob = net.node("bob");
    var carol = net.node("carol");
    alice.messaging.addContact(bob.peer, "Bob");
    carol.send(alice, "hello stranger");
    net.run();

    assertThat(alice.messaging.contacts()).extracting(Contact::peer).containsExactly(bob.peer, carol.peer);
    assertThat(alice.messaging.contacts().get(1).displayName()).isEmpty();
    Contact verified = alice.messaging.setVerified(bob.peer, true);
    assertThat(verified.verified()).isTrue();
    assertThat(verified.displayName()).isEqualTo("Bob");
    assertThat(alice.db.latestPurge(Table.CONTACTS)).as("nothing renamed yet").isCompletedWithValue(false);
    alice.messaging.addContact(bob.peer, "Bobby");
    assertThat(alice.db.latestPurge(Table.CONTACTS)).as("the old name leaves the files")
        .succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
    assertThat(alice.messaging.contacts().get(0)).satisfies(c -> {
      assertThat(c.displayName()).isEqualTo("Bobby");
      assertThat(c.verified()).isTrue();
    });
    assertThat(alice.messaging.addContact(bob.peer, null).displayName()).as("added again without a name").isEqualTo("Bobby");
    assertThatThrownBy(() -> alice.messaging.addContact(carol.peer, "bobby"))
        .isInstanceOf(MessagingException.class).hasMessage("another contact is already named 'bobby'");
    assertThatThrownBy(() -> alice.messaging.addContact(carol.peer, "Ｂｏｂｂｙ")).as("full-width twin")
        .isInstanceOf(MessagingException.class).hasMessage("another contact is already named 'Ｂｏｂｂｙ'");
    assertThat(alice.messaging.contacts().get(1).displayName()).isEmpty();
    SafetyNumber ours = alice.messaging.safetyNumber(bob.peer);
    assertThat(ours.digits()).isEqualTo(bob.messaging.safetyNumber(alice.peer).digits());
    assertThat(ours.matchesScanned(bob.messaging.safetyNumber(alice.peer).scannablePayload())).isTrue();

    alice.restart();
    assertThat(alice.messaging.contacts()).extracting(Contact::displayName).containsExactly("Bobby", "");
  }

  @Test
  void removingAContactForgetsTheNameAndTheMarkAndKeepsTheChatItsTimerAndWhatIsQueued() {
    net.mailboxNodes(3);
    var alice = net.node("alice");
    var bob = net.node("bob");
    alice.messaging.addContact(bob.peer, "Bob");
    Contact before = alice.messaging.setVerified(bob.peer, true);
    alice.messaging.setDisappearingTimer(bob.peer, Duration.ofHours(1));
    alice.send(bob, "one");
    net.run();
    bob.stop();
    MessageId queued = alice.send(bob, "while you are away");

    assertThat(alice.messaging.removeContact(bob.peer)).isEqualTo(new ContactRemoval.Removed(before, true));
    // The chat keeps them in the list, as a stranger who wrote: unnamed and not verified.
    assertThat(alice.messaging.contacts()).singleElement().satisfies(c -> {
      assertThat(c.peer()).isEqualTo(bob.peer);
      assertThat(c.chosenByUser()).isFalse();
    });
    assertThat(alice.historyBodies(bob)).containsExactly("one", "while you are away");
    assertThat(alice.messaging.disappearingTimer(bob.peer)).isEqualTo(Duration.ofHours(1));
    assertThat(alice.messaging.removeContact(bob.peer)).as("again").isEqualTo(new ContactRemoval.OnlyAChat());
    assertThat(alice.db.latestPurge(Table.CONTACTS)).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);

    net.run();
    bob.start();
    net.run();
    assertThat(alice.stateOf(queued)).as("still sent").isEqualTo(MessageState.DELIVERED);
    assertThat(bob.historyBodies(alice)).containsExactly("one", "while you are away");
    assertThat(bob.messaging.disappearingTimer(alice.peer)).isEqualTo(Duration.ofHours(1));

    // Once the chat is deleted, nothing keeps them on the list; the name is free again.
    alice.messaging.deleteHistory(bob.peer);
    assertThat(alice.messaging.contacts()).isEmpty();
    assertThat(alice.messaging.removeContact(bob.peer)).isEqualTo(new ContactRemoval.NotAContact());
    alice.restart();
    assertThat(alice.messaging.contacts()).isEmpty();
    // Writing again makes them an unnamed contact, as anyone who writes is.
    bob.send(alice, "still there?");
    net.run();
    assertThat(alice.messaging.contacts()).singleElement().satisfies(c -> {
      assertThat(c.peer()).isEqualTo(bob.peer);
      assertThat(c.displayName()).isEmpty();
    });
  }
}
