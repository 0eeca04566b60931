package dev.samizdat.libp2p.yamux;

import java.io.ByteArrayOutputStream;

/** Collects one stream's events; optionally reports every delivery consumed at once (a fast reader). */
final class RecordingHandler implements YamuxStreamHandler {
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  boolean autoConsume;
  boolean remoteClosed;
  boolean reset;
  boolean closed;
  int writableEvents;
  long maxUnconsumed;

  RecordingHandler(boolean autoConsume) {
    this.autoConsume = autoConsume;
  }

  @Override
  public void onData(YamuxStream stream, byte[] data) {
    received.write(data, 0, data.length);
    maxUnconsumed = Math.max(maxUnconsumed, stream.unconsumedBytes());
    if (autoConsume) {
      stream.consumed(data.length);
    }
  }

  @Override
  public void onRemoteClose(YamuxStream stream) {
    remoteClosed = true;
  }

  @Override
  public void onReset(YamuxStream stream) {
    reset = true;
  }

  @Override
  public void onWritable(YamuxStream stream) {
    writableEvents++;
  }

  @Override
  public void onClosed(YamuxStream stream) {
    closed = true;
  }

  byte[] bytes() {
    return received.toByteArray();
  }
}
