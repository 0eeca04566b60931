package dev.samizdat.libp2p.host;

/**
 * Runs work confined to one connection's event-loop context. A task submitted from the context runs
 * at once (nested); from any other thread it is queued onto the context. After the outermost task the
 * connection flushes what the task made it send, so many small writes leave as one socket write.
 */
interface ConnectionExecutor {

  void execute(Runnable task);

  boolean inContext();
}
