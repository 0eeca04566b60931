package dev.samizdat.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs and DESIGN.md, checked on the compiled classes: crypto and channels
 * are pure (no I/O), dependencies point one way, and only node touches storage and the HTTP server.
 */
class ModuleBoundariesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.samizdat");
  }

  @Test
  void cryptoAndChannelsDoNoIo() {
    noClasses().that().resideInAnyPackage("dev.samizdat.crypto..", "dev.samizdat.channels..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.net..", "java.nio.channels..", "java.nio.file..", "io.vertx..", "io.netty..", "org.rocksdb..")
        .check(classes);
  }

  @Test
  void cryptoDependsOnNoOtherModule() {
    noClasses().that().resideInAPackage("dev.samizdat.crypto..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.samizdat.libp2p..", "dev.samizdat.dht..", "dev.samizdat.channels..", "dev.samizdat.node..")
        .check(classes);
  }

  @Test
  void libp2pAndDhtKnowNothingOfChannelsOrTheNode() {
    noClasses().that().resideInAnyPackage("dev.samizdat.libp2p..", "dev.samizdat.dht..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.samizdat.channels..", "dev.samizdat.node..")
        .check(classes);
    noClasses().that().resideInAPackage("dev.samizdat.libp2p..")
        .should().dependOnClassesThat().resideInAPackage("dev.samizdat.dht..")
        .check(classes);
  }

  @Test
  void channelsKnowNothingOfTheNetwork() {
    noClasses().that().resideInAPackage("dev.samizdat.channels..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.samizdat.libp2p..", "dev.samizdat.dht..", "dev.samizdat.node..")
        .check(classes);
  }

  /** Messaging and channels refuse with their own exceptions; the routes decide what HTTP status each gets. */
  @Test
  void theNodesServicesKnowNothingOfTheApi() {
    noClasses().that().resideInAnyPackage(
            "dev.samizdat.node.messaging..", "dev.samizdat.node.store..", "dev.samizdat.node.channels")
        // ChannelsNodeService plugs the channel routes and events into the API
        .and().haveNameNotMatching("dev\\.samizdat\\.node\\.channels\\.ChannelsNodeService.*")
        .should().dependOnClassesThat().resideInAPackage("dev.samizdat.node.api..")
        .check(classes);
  }

  @Test
  void onlyTheNodeTouchesStorageAndTheHttpServer() {
    noClasses().that().resideOutsideOfPackage("dev.samizdat.node..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.rocksdb..", "io.vertx.ext.web..", "io.vertx.core.http..", "java.nio.file..")
        .check(classes);
  }
}
